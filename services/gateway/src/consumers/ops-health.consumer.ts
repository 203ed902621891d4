import { Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { DURABLES } from '@vigie/contracts';
import { ConsumerRegistry } from '@vigie/health';
import { Bus, startBatchConsumer, type ConsumerHandle } from '@vigie/messaging';
import { ApplyOpsEvents } from '../usecases/apply-ops-events.usecase';

/**
 * Thin edge: OPS events, a batch per transaction (a long history is caught up quickly) →
 * ApplyOpsEvents (commit, then live pushes) → ack. Ticks only advance the checkpoint.
 */
@Injectable()
export class OpsHealthConsumer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private handle?: ConsumerHandle;

  constructor(
    private readonly bus: Bus,
    private readonly apply: ApplyOpsEvents,
    private readonly registry: ConsumerRegistry,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.handle = await startBatchConsumer(this.bus, {
      stream: 'OPS',
      durable: DURABLES.gatewayHealth,
      handler: async (items) => {
        await this.apply.execute(items.map(({ event, ctx }) => ({ seq: ctx.seq, event })));
      },
    });
    this.registry.register(DURABLES.gatewayHealth, this.handle);
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.handle?.stop();
  }
}
