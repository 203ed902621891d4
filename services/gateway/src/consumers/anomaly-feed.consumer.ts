import { Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { anomalyFilter, DURABLES, type AnomalyEventType, type AnyEvent, type Envelope } from '@vigie/contracts';
import { ConsumerRegistry } from '@vigie/health';
import { Bus, PoisonError, startConsumer, type ConsumerHandle } from '@vigie/messaging';
import { ApplyAnomalyEvent } from '../usecases/apply-anomaly-event.usecase';

function isAnomalyEvent(event: AnyEvent): event is AnyEvent & Envelope<AnomalyEventType> {
  return event.type.startsWith('anomaly.');
}

/** Thin edge: ANOMALY event → ApplyAnomalyEvent (commit, then live push) → ack. */
@Injectable()
export class AnomalyFeedConsumer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private handle?: ConsumerHandle;

  constructor(
    private readonly bus: Bus,
    private readonly apply: ApplyAnomalyEvent,
    private readonly registry: ConsumerRegistry,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.handle = await startConsumer(this.bus, {
      stream: 'ANOMALY',
      durable: DURABLES.gatewayFeed,
      filterSubject: anomalyFilter(this.bus.topo),
      handler: async (event, ctx) => {
        if (!isAnomalyEvent(event)) throw new PoisonError(`unexpected ${event.type} on the ANOMALY stream`);
        await this.apply.execute(event, ctx.seq);
      },
    });
    this.registry.register(DURABLES.gatewayFeed, this.handle);
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.handle?.stop();
  }
}
