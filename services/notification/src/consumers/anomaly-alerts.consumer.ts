import { Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { anomalyFilter, DURABLES } from '@vigie/contracts';
import { ConsumerRegistry } from '@vigie/health';
import { Bus, startConsumer, type ConsumerHandle } from '@vigie/messaging';
import { TelegramChannel } from '../channels/telegram.channel';
import { NotifyAdmins } from '../usecases/notify-admins/notify-admins.usecase';

/**
 * Each delivery of one event counts against max_deliver, 429s and 5xx alike: with the backoff capped
 * at a minute this rides out roughly 45 minutes of Telegram outage before the event is dead-lettered.
 */
export const ALERTS_MAX_DELIVER = 50;

/** Thin edge: anomaly lifecycle event → NotifyAdmins → ack (or nak with the delay it asks for). */
@Injectable()
export class AnomalyAlertsConsumer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private handle?: ConsumerHandle;

  constructor(
    private readonly bus: Bus,
    private readonly notify: NotifyAdmins,
    private readonly telegram: TelegramChannel,
    private readonly registry: ConsumerRegistry,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.handle = await startConsumer(this.bus, {
      stream: 'ANOMALY',
      durable: DURABLES.notificationAlerts,
      filterSubject: anomalyFilter(this.bus.topo),
      maxDeliver: ALERTS_MAX_DELIVER,
      handler: async (event) => {
        await this.notify.execute(event);
      },
    });
    this.registry.register(DURABLES.notificationAlerts, this.handle);
    if (this.telegram.enabled) {
      this.registry.register('telegram-bot-api', {
        info: async () => {
          await this.telegram.checkReachable();
          return { running: true };
        },
      });
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.handle?.stop();
  }
}
