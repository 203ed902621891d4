import { Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { anomalyFilter, DURABLES } from '@vigie/contracts';
import { ConsumerRegistry } from '@vigie/health';
import { Bus, startConsumer, type ConsumerHandle } from '@vigie/messaging';
import { NotifyAdmins } from '../usecases/notify-admins/notify-admins.usecase';

/** Queuing is a database write: retried a few times with backoff before an event is dead-lettered. */
export const ALERTS_MAX_DELIVER = 20;
/**
 * Handling an event only writes rows (sending is the dispatcher's): a short ack wait means an event
 * under way when the process died is redelivered to the next instance within seconds.
 */
const ACK_WAIT_MS = 10_000;

/** Thin edge: anomaly lifecycle event → NotifyAdmins (queues deliveries) → ack. */
@Injectable()
export class AnomalyAlertsConsumer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private handle?: ConsumerHandle;

  constructor(
    private readonly bus: Bus,
    private readonly notify: NotifyAdmins,
    private readonly registry: ConsumerRegistry,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.handle = await startConsumer(this.bus, {
      stream: 'ANOMALY',
      durable: DURABLES.notificationAlerts,
      filterSubject: anomalyFilter(this.bus.topo),
      maxDeliver: ALERTS_MAX_DELIVER,
      ackWaitMs: ACK_WAIT_MS,
      handler: async (event) => {
        await this.notify.execute(event);
      },
    });
    this.registry.register(DURABLES.notificationAlerts, this.handle);
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.handle?.stop();
  }
}
