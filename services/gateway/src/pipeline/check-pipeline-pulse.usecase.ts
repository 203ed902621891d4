import { Inject, Injectable, Logger } from '@nestjs/common';
import { JetStreamApiCodes, JetStreamApiError } from '@nats-io/jetstream';
import { DURABLES, typeFilter } from '@vigie/contracts';
import { Bus } from '@vigie/messaging';
import { judgePulse, type PulseReason, type StoredTick } from './pipeline-pulse';

export const PIPELINE_MAX_TICK_AGE_MS = Symbol('PIPELINE_MAX_TICK_AGE_MS');

export type PipelinePulse = { flowing: true } | { flowing: false; reason: PulseReason | 'nats-unavailable' };

// A tick published an instant ago may still be in the detectors' current batch: look again briefly.
const SETTLE_ATTEMPTS = 4;
const SETTLE_DELAY_MS = 150;

function isNotFound(e: unknown): boolean {
  return e instanceof JetStreamApiError && (e.code === JetStreamApiCodes.ConsumerNotFound || e.code === JetStreamApiCodes.StreamNotFound);
}

/**
 * The dead-man's switch: reads the newest `ops.tick.emitted` on OPS and how far the anomaly detectors'
 * durable consumer has acked that stream (it acks a batch only after committing its detection), so a
 * tick at or below the ack floor went through detection. Concurrent checks share one read.
 */
@Injectable()
export class CheckPipelinePulse {
  private readonly logger = new Logger(CheckPipelinePulse.name);
  private lastDetected: StoredTick | null = null;
  private running?: Promise<PipelinePulse>;
  private lastReason?: string;

  constructor(
    private readonly bus: Bus,
    @Inject(PIPELINE_MAX_TICK_AGE_MS) private readonly maxAgeMs: number,
  ) {}

  execute(): Promise<PipelinePulse> {
    this.running ??= this.check().finally(() => (this.running = undefined));
    return this.running;
  }

  private async check(): Promise<PipelinePulse> {
    let pulse: PipelinePulse;
    try {
      pulse = await this.judge();
    } catch (e) {
      this.logger.warn(`pipeline pulse: cannot read JetStream: ${(e as Error).message}`);
      pulse = { flowing: false, reason: 'nats-unavailable' };
    }
    const reason = pulse.flowing ? 'flowing' : pulse.reason;
    if (reason !== this.lastReason) {
      if (pulse.flowing) this.logger.log('pipeline pulse: flowing');
      else this.logger.warn(`pipeline pulse: stalled (${reason})`);
      this.lastReason = reason;
    }
    return pulse;
  }

  private async judge(): Promise<PipelinePulse> {
    for (let attempt = 1; ; attempt++) {
      const [newestTick, detectedUpTo] = await Promise.all([this.newestTick(), this.detectedUpTo()]);
      const pulse = judgePulse({ newestTick, detectedUpTo, lastDetected: this.lastDetected, nowMs: Date.now(), maxAgeMs: this.maxAgeMs });
      this.lastDetected = pulse.lastDetected;
      if (pulse.flowing) return { flowing: true };
      if (pulse.reason !== 'detection-stalled' || attempt >= SETTLE_ATTEMPTS) return { flowing: false, reason: pulse.reason! };
      await new Promise((resolve) => setTimeout(resolve, SETTLE_DELAY_MS));
    }
  }

  private async newestTick(): Promise<StoredTick | null> {
    const stream = this.bus.topo.streamName('OPS');
    let msg;
    try {
      msg = await this.bus.jsm.streams.getMessage(stream, { last_by_subj: typeFilter(this.bus.topo, 'ops.tick.emitted') });
    } catch (e) {
      if (isNotFound(e)) return null;
      throw e;
    }
    if (!msg) return null;
    const occurredAtMs = Date.parse((msg.json<{ occurredAt?: unknown }>().occurredAt as string) ?? '');
    return Number.isFinite(occurredAtMs) ? { seq: msg.seq, occurredAtMs } : null;
  }

  private async detectedUpTo(): Promise<number | null> {
    try {
      const info = await this.bus.jsm.consumers.info(this.bus.topo.streamName('OPS'), DURABLES.anomalyDetectors);
      return info.ack_floor.stream_seq;
    } catch (e) {
      if (isNotFound(e)) return null;
      throw e;
    }
  }
}
