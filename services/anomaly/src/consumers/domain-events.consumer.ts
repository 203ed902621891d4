import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { DURABLES, EVENT_CATALOG, type StreamId } from '@vigie/contracts';
import { ConsumerRegistry } from '@vigie/health';
import { Bus, startConsumer, type ConsumerHandle } from '@vigie/messaging';
import { OutboxRelay } from '@vigie/persistence';
import type { Detector } from '../detectors/detector';
import { DETECTOR_LIST, DetectAnomalies } from '../usecases/detect-anomalies/detect-anomalies.usecase';

/** The input streams: those whose event types some detector reads, and OPS for the ticks of absence rules. */
export function inputStreams(detectors: readonly Detector[]): StreamId[] {
  const types = detectors.flatMap((d) => [...d.eventTypes, ...(d.onTick ? (['ops.tick.emitted'] as const) : [])]);
  return [...new Set(types.map((t) => EVENT_CATALOG[t].stream))];
}

/** Thin edge: decoded event → DetectAnomalies → publish the outbox → ack. */
@Injectable()
export class DomainEventsConsumer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(DomainEventsConsumer.name);
  private readonly handles: ConsumerHandle[] = [];

  constructor(
    private readonly bus: Bus,
    private readonly detect: DetectAnomalies,
    private readonly relay: OutboxRelay,
    private readonly registry: ConsumerRegistry,
    @Inject(DETECTOR_LIST) private readonly detectors: readonly Detector[],
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    for (const stream of inputStreams(this.detectors)) {
      const handle = await startConsumer(this.bus, {
        stream,
        durable: DURABLES.anomalyDetectors,
        handler: async (event, ctx) => {
          const result = await this.detect.execute(event, { stream, seq: ctx.seq });
          if (result.transitions > 0 || !result.applied) await this.publishOutbox();
        },
      });
      this.handles.push(handle);
      this.registry.register(`${DURABLES.anomalyDetectors}:${stream}`, handle);
    }
  }

  /** The transitions are committed: a publish failure is retried by the relay's timer, not by redelivery. */
  private async publishOutbox(): Promise<void> {
    try {
      await this.relay.flush();
    } catch (e) {
      this.logger.warn(`anomaly events not published yet, will retry: ${(e as Error).message}`);
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all(this.handles.map((h) => h.stop()));
  }
}
