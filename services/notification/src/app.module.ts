import { type DynamicModule, Module } from '@nestjs/common';
import { HealthModule, HeartbeatModule } from '@vigie/health';
import { MessagingModule } from '@vigie/messaging';
import { ormModule, type PersistenceOptions } from '@vigie/persistence';
import { BotService } from './bot/bot.service';
import { TelegramClient } from './bot/telegram-client';
import { channelProviders } from './channels';
import { ChatPrincipal } from './chats/chat-principal';
import { ChatStore } from './chats/chat-store';
import { AnomalyClient } from './clients/anomaly.client';
import { MonitorClient } from './clients/monitor.client';
import { commandProviders } from './commands';
import { NOTIFICATION_CONFIG, type NotificationConfig } from './config';
import { AnomalyAlertsConsumer } from './consumers/anomaly-alerts.consumer';
import { ReportsConsumer } from './consumers/reports.consumer';
import { DeliveryOutcomes } from './delivery/delivery-outcomes';
import { DeliveryRepository } from './delivery/delivery.repository';
import { DeliveryDispatcher } from './delivery/dispatcher';
import { AlertStateSchema } from './entities/alert-state.entity';
import { ChatSchema } from './entities/chat.entity';
import { DeliverySchema } from './entities/delivery.entity';
import { LinkCodeSchema } from './entities/link-code.entity';
import { SubscriptionSchema } from './entities/subscription.entity';
import { WeeklyReportSchema } from './entities/weekly-report.entity';
import { ChatsController } from './http/chats.controller';
import { EmailController } from './http/email.controller';
import { MIGRATIONS } from './migrations';
import { ActOnAlert } from './usecases/act-on-alert/act-on-alert.usecase';
import { AnnounceReport } from './usecases/announce-report/announce-report.usecase';
import { BootstrapAdminChats } from './usecases/bootstrap-admin-chats/bootstrap-admin-chats.usecase';
import { ChangeSubscriptions } from './usecases/change-subscriptions/change-subscriptions.usecase';
import { ConfigureChat } from './usecases/configure-chat/configure-chat.usecase';
import { CreateLinkCode } from './usecases/create-link-code/create-link-code.usecase';
import { LinkChat } from './usecases/link-chat/link-chat.usecase';
import { NotifyAdmins } from './usecases/notify-admins/notify-admins.usecase';
import { RefuseChat } from './usecases/refuse-chat/refuse-chat.usecase';
import { SendTestNotification } from './usecases/send-test-notification/send-test-notification.usecase';
import { UnlinkChat } from './usecases/unlink-chat/unlink-chat.usecase';

export const SERVICE = 'notification';

export function persistenceOptions(config: NotificationConfig): PersistenceOptions {
  return {
    databaseUrl: config.DATABASE_URL,
    schema: 'notification',
    entities: [DeliverySchema, AlertStateSchema, ChatSchema, SubscriptionSchema, LinkCodeSchema, WeeklyReportSchema],
    migrations: MIGRATIONS,
  };
}

@Module({})
export class AppModule {
  static register(config: NotificationConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        MessagingModule.forRoot({
          url: config.NATS_URL, replicas: config.NATS_STREAM_REPLICAS,
          namespace: config.VIGIE_NAMESPACE,
          name: SERVICE,
          streams: ['ANOMALY', 'NOTIFY', 'REPORT', 'AUTH', 'OPS', 'DEADLETTER'],
        }),
        ormModule(persistenceOptions(config)),
        HealthModule.forRoot({ service: SERVICE }),
        HeartbeatModule.forRoot({ service: SERVICE }),
      ],
      controllers: [ChatsController, EmailController],
      providers: [
        { provide: NOTIFICATION_CONFIG, useValue: config },
        TelegramClient,
        ChatPrincipal,
        ChatStore,
        AnomalyClient,
        MonitorClient,
        ...channelProviders,
        DeliveryRepository,
        DeliveryOutcomes,
        DeliveryDispatcher,
        BootstrapAdminChats,
        NotifyAdmins,
        AnnounceReport,
        CreateLinkCode,
        LinkChat,
        RefuseChat,
        UnlinkChat,
        ConfigureChat,
        ChangeSubscriptions,
        ActOnAlert,
        SendTestNotification,
        ...commandProviders,
        BotService,
        AnomalyAlertsConsumer,
        ReportsConsumer,
      ],
    };
  }
}
