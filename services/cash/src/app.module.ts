import { type DynamicModule, Module } from '@nestjs/common';
import { HealthModule, HeartbeatModule } from '@vigie/health';
import { MessagingModule } from '@vigie/messaging';
import { OutboxEventSchema, OutboxModule, ormModule, type PersistenceOptions } from '@vigie/persistence';
import { Clock } from './clock';
import type { CashConfig } from './config';
import { CashSaleSchema } from './entities/cash-sale.entity';
import { CashSessionSchema } from './entities/cash-session.entity';
import { SessionsController } from './http/sessions.controller';
import { MIGRATIONS } from './migrations';
import { CloseSession } from './usecases/close-session/close-session.usecase';
import { GetSession } from './usecases/get-session/get-session.usecase';
import { OpenSession } from './usecases/open-session/open-session.usecase';
import { RecordSale } from './usecases/record-sale/record-sale.usecase';

export const SERVICE = 'cash';

export function persistenceOptions(config: CashConfig): PersistenceOptions {
  return {
    databaseUrl: config.DATABASE_URL,
    schema: 'cash',
    entities: [CashSessionSchema, CashSaleSchema, OutboxEventSchema],
    migrations: MIGRATIONS,
  };
}

@Module({})
export class AppModule {
  static register(config: CashConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        MessagingModule.forRoot({ url: config.NATS_URL, replicas: config.NATS_STREAM_REPLICAS, namespace: config.VIGIE_NAMESPACE, name: SERVICE, streams: ['CASH', 'OPS'] }),
        ormModule(persistenceOptions(config)),
        HealthModule.forRoot({ service: SERVICE }),
        HeartbeatModule.forRoot({ service: SERVICE }),
        OutboxModule.forRoot({ service: SERVICE, intervalMs: config.CASH_OUTBOX_INTERVAL_MS }),
      ],
      controllers: [SessionsController],
      providers: [
        Clock,
        OpenSession,
        RecordSale,
        CloseSession,
        GetSession,
      ],
    };
  }
}
