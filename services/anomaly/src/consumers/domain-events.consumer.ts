import { Inject, Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { DURABLES, EVENT_CATALOG, type StreamId } from '@vigie/contracts';
import { ConsumerRegistry } from '@vigie/health';
import { Bus, startBatchConsumer, type ConsumerHandle } from '@vigie/messaging';
import { OutboxRelay } from '@vigie/persistence';
import { decodeDeadLetterEvent } from '../detectors/dead-letter-event';
import { DEAD_LETTER_EVENT_TYPE, type Detector, type DetectorEvent, type DetectorEventType } from '../detectors/detector';
import { DETECTOR_LIST, DetectAnomalies } from '../usecases/detect-anomalies/detect-anomalies.usecase';

function streamOf(type: DetectorEventType): StreamId {
  return type === DEAD_LETTER_EVENT_TYPE ? 'DEADLETTER' : EVENT_CATALOG[type].stream;
}

/**
 * The input streams: those whose event types some detector reads (DEADLETTER for dead letters), and
 * OPS for the ticks of absence rules.
 */
export function inputStreams(detectors: readonly Detector[]): StreamId[] {
  const types = detectors.flatMap((d) => [...d.eventTypes, ...(d.onTick ? (['ops.tick.emitted'] as const) : [])]);
  return [...new Set(types.map(streamOf))];
}

/**
 * Thin edge: a batch of decoded events → DetectAnomalies (one transaction) → ack. The relay then
 * publishes the outbox; a publish failure is retried by its timer, not by redelivery.
 */
@Injectable()
export class DomainEventsConsumer implements OnApplicationBootstrap, BeforeApplicationShutdown {
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
      const handle = await startBatchConsumer<DetectorEvent>(this.bus, {
        stream,
        durable: DURABLES.anomalyDetectors,
        // DEADLETTER holds the messaging layer's records, not envelopes: adapted into detector input.
        ...(stream === 'DEADLETTER' ? { decode: decodeDeadLetterEvent } : {}),
        handler: async (items) => {
          const result = await this.detect.executeBatch(
            items.map(({ event, ctx }) => ({ event, position: { stream, seq: ctx.seq } })),
          );
          // A redelivery may follow a crash between commit and publish: relay what may be left.
          if (result.transitions > 0 || result.skipped > 0) this.relay.kick();
        },
      });
      this.handles.push(handle);
      this.registry.register(`${DURABLES.anomalyDetectors}:${stream}`, handle);
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all(this.handles.map((h) => h.stop()));
  }
}
