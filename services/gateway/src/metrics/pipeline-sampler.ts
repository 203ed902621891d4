import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { STREAM_IDS, type PipelineMetrics } from '@vigie/contracts';
import { Bus } from '@vigie/messaging';
import { LiveGateway } from '../live/live.gateway';
import { PipelineSamples, type ConsumerSample, type StreamSample } from './pipeline-samples';

export const METRICS_SAMPLE_INTERVAL_MS = Symbol('METRICS_SAMPLE_INTERVAL_MS');

function isNotFound(e: unknown): boolean {
  return /not found/i.test((e as Error).message ?? '');
}

/**
 * Samples every stream of this installation and its durable consumers at a fixed interval, keeps an
 * hour of it for `/api/metrics/pipeline`, and pushes each sample to live dashboards. A sample that
 * fails (NATS away) is skipped; a sample never overlaps the next.
 */
@Injectable()
export class PipelineSampler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(PipelineSampler.name);
  private readonly samples: PipelineSamples;
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private failing = false;

  constructor(
    private readonly bus: Bus,
    private readonly live: LiveGateway,
    @Inject(METRICS_SAMPLE_INTERVAL_MS) private readonly intervalMs: number,
  ) {
    this.samples = new PipelineSamples(intervalMs);
  }

  onApplicationBootstrap(): void {
    this.tick();
    this.timer = setInterval(() => this.tick(), this.intervalMs);
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  snapshot(): PipelineMetrics {
    return this.samples.snapshot();
  }

  private tick(): void {
    if (this.running) return;
    this.running = this.sample()
      .then(() => {
        if (this.failing) this.logger.log('JetStream sampling works again');
        this.failing = false;
        this.live.broadcastMetrics(this.samples.snapshot());
      })
      .catch((e: unknown) => {
        if (!this.failing) this.logger.warn(`JetStream sample failed: ${(e as Error).message}`);
        this.failing = true;
      })
      .finally(() => (this.running = undefined));
  }

  private async sample(): Promise<void> {
    const streams: StreamSample[] = [];
    const consumers: ConsumerSample[] = [];
    for (const id of STREAM_IDS) {
      const name = this.bus.topo.streamName(id);
      try {
        const info = await this.bus.jsm.streams.info(name);
        streams.push({ stream: id, messages: info.state.messages, lastSeq: info.state.last_seq });
        for await (const ci of this.bus.jsm.consumers.list(name)) {
          if (!ci.config.durable_name) continue;
          consumers.push({ stream: id, durable: ci.config.durable_name, pending: ci.num_pending, ackPending: ci.num_ack_pending });
        }
      } catch (e) {
        if (!isNotFound(e)) throw e;
      }
    }
    consumers.sort((a, b) => a.stream.localeCompare(b.stream) || a.durable.localeCompare(b.durable));
    this.samples.record(new Date(), streams, consumers);
  }
}
