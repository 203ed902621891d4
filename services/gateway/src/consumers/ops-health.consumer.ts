import { Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { DURABLES } from '@vigie/contracts';
import { ConsumerRegistry } from '@vigie/health';
import { Bus, startConsumer, type ConsumerHandle } from '@vigie/messaging';
import { ApplyOpsEvent } from '../usecases/apply-ops-event.usecase';

/** Thin edge: OPS event → ApplyOpsEvent (commit, then live push) → ack. Ticks are skipped by the projection. */
@Injectable()
export class OpsHealthConsumer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private handle?: ConsumerHandle;

  constructor(
    private readonly bus: Bus,
    private readonly apply: ApplyOpsEvent,
    private readonly registry: ConsumerRegistry,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.handle = await startConsumer(this.bus, {
      stream: 'OPS',
      durable: DURABLES.gatewayHealth,
      handler: async (event, ctx) => {
        await this.apply.execute(event, ctx.seq);
      },
    });
    this.registry.register(DURABLES.gatewayHealth, this.handle);
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.handle?.stop();
  }
}
