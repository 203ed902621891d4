import { Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { streamFilter } from '@vigie/contracts';
import { ConsumerRegistry } from '@vigie/health';
import { Bus, startConsumer, type ConsumerHandle } from '@vigie/messaging';
import { AnnounceReport } from '../usecases/announce-report/announce-report.usecase';

/** `<service>-<purpose>`; the lead may move it to DURABLES in libs/contracts. */
export const REPORTS_DURABLE = 'notification-reports';

/** Thin edge: weekly reports and recommendations → AnnounceReport → ack. */
@Injectable()
export class ReportsConsumer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private handle?: ConsumerHandle;

  constructor(
    private readonly bus: Bus,
    private readonly announce: AnnounceReport,
    private readonly registry: ConsumerRegistry,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.handle = await startConsumer(this.bus, {
      stream: 'REPORT',
      durable: REPORTS_DURABLE,
      filterSubject: streamFilter(this.bus.topo, 'REPORT'),
      maxDeliver: 20,
      ackWaitMs: 10_000,
      handler: async (event) => {
        await this.announce.execute(event);
      },
    });
    this.registry.register(REPORTS_DURABLE, this.handle);
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.handle?.stop();
  }
}
