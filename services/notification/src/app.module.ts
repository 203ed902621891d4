import { type DynamicModule, Module } from '@nestjs/common';
import { HealthModule } from '@vigie/health';
import { MessagingModule } from '@vigie/messaging';
import { ormModule, type PersistenceOptions } from '@vigie/persistence';
import { TELEGRAM_OPTIONS, TelegramChannel, type TelegramOptions } from './channels/telegram.channel';
import type { NotificationConfig } from './config';
import { AnomalyAlertsConsumer } from './consumers/anomaly-alerts.consumer';
import { AlertStateSchema } from './entities/alert-state.entity';
import { DeliverySchema } from './entities/delivery.entity';
import { MIGRATIONS } from './migrations';
import { NotifyAdmins } from './usecases/notify-admins/notify-admins.usecase';

export const SERVICE = 'notification';

export function persistenceOptions(config: NotificationConfig): PersistenceOptions {
  return {
    databaseUrl: config.DATABASE_URL,
    schema: 'notification',
    entities: [DeliverySchema, AlertStateSchema],
    migrations: MIGRATIONS,
  };
}

@Module({})
export class AppModule {
  static register(config: NotificationConfig): DynamicModule {
    const telegram: TelegramOptions = {
      token: config.TELEGRAM_BOT_TOKEN,
      apiRoot: config.TELEGRAM_API_ROOT,
      adminChatIds: config.TELEGRAM_ADMIN_CHAT_IDS,
    };
    return {
      module: AppModule,
      imports: [
        MessagingModule.forRoot({
          url: config.NATS_URL,
          namespace: config.VIGIE_NAMESPACE,
          name: SERVICE,
          streams: ['ANOMALY', 'NOTIFY', 'DEADLETTER'],
        }),
        ormModule(persistenceOptions(config)),
        HealthModule.forRoot({ service: SERVICE }),
      ],
      providers: [{ provide: TELEGRAM_OPTIONS, useValue: telegram }, TelegramChannel, NotifyAdmins, AnomalyAlertsConsumer],
    };
  }
}
