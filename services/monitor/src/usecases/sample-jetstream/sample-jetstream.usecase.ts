import { JetStreamApiCodes, JetStreamApiError } from '@nats-io/jetstream';
import { Injectable } from '@nestjs/common';
import { createEvent, STREAM_IDS, type AnyEvent, type StreamId } from '@vigie/contracts';
import { MetricsService } from '@vigie/health';
import { Bus, EventPublisher } from '@vigie/messaging';
import { Clock } from '../../clock';
import { SERVICE } from '../../config';
import { consumerSamples, streamSample, type ConsumerReport } from '../../domain/jetstream-samples';

/**
 * One sampling round: every Vigie stream of this installation and each of its durable consumers, as
 * JetStream's management API reports them, published as `ops.stream.sampled` / `ops.consumer.sampled`
 * at one event time. The anomaly service judges consumer lag and streams nearing their limits from them.
 */
@Injectable()
export class SampleJetStream {
  constructor(
    private readonly bus: Bus,
    private readonly publisher: EventPublisher,
    private readonly clock: Clock,
    private readonly metrics: MetricsService,
  ) {}

  async execute(signal?: AbortSignal): Promise<AnyEvent[]> {
    const occurredAt = this.clock.now();
    const events: AnyEvent[] = [];
    const meta = { source: SERVICE, siteId: 'global', occurredAt };
    for (const stream of STREAM_IDS) {
      if (signal?.aborted) return events;
      const sampled = await this.sample(stream);
      if (!sampled) continue;
      events.push(createEvent('ops.stream.sampled', sampled.stream, meta));
      for (const c of sampled.consumers) events.push(createEvent('ops.consumer.sampled', c, meta));
    }
    for (const event of events) {
      await this.publisher.publish(event);
      this.metrics.eventsPublished.inc({ stream: 'OPS', type: event.type });
    }
    return events;
  }

  private async sample(stream: StreamId) {
    const name = this.bus.topo.streamName(stream);
    try {
      const info = await this.bus.jsm.streams.info(name);
      const consumers: ConsumerReport[] = [];
      for await (const c of this.bus.jsm.consumers.list(name)) consumers.push(c);
      return { stream: streamSample(stream, info), consumers: consumerSamples(stream, consumers) };
    } catch (e) {
      // Not provisioned yet: the services that own it have not started.
      if (e instanceof JetStreamApiError && e.code === JetStreamApiCodes.StreamNotFound) return undefined;
      throw e;
    }
  }
}
