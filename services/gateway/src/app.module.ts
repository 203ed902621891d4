import { Inject, Module, RequestMethod, type DynamicModule, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { HealthModule } from '@vigie/health';
import { MessagingModule } from '@vigie/messaging';
import { ormModule, type PersistenceOptions } from '@vigie/persistence';
import type { GatewayConfig } from './config';
import { AnomalyFeedConsumer } from './consumers/anomaly-feed.consumer';
import { AnomaliesController } from './http/anomalies.controller';
import { dashboardMiddleware } from './http/dashboard.middleware';
import { INGESTED_EVENT_MIGRATION } from './ingest/ingested-event.migration';
import { IngestModule } from './ingest/ingest.module';
import { LiveFeed } from './live/live-feed';
import { LiveGateway } from './live/live.gateway';
import { MIGRATIONS } from './migrations';
import { AnomalyViewSchema } from './projections/anomaly-view.entity';
import { AnomalyViewProjection } from './projections/anomaly-view.projection';
import { AnomalyViewRepository } from './projections/anomaly-view.repository';
import { ApplyAnomalyEvent } from './usecases/apply-anomaly-event.usecase';
import { GetAnomaly } from './usecases/get-anomaly.usecase';
import { ListAnomalies } from './usecases/list-anomalies.usecase';

export const SERVICE = 'gateway';
const WEB_DIST = Symbol('WEB_DIST');

export function persistenceOptions(config: GatewayConfig): PersistenceOptions {
  return {
    databaseUrl: config.DATABASE_URL,
    schema: 'gateway',
    entities: [AnomalyViewSchema],
    migrations: [...MIGRATIONS, INGESTED_EVENT_MIGRATION],
  };
}

@Module({})
export class AppModule implements NestModule {
  constructor(@Inject(WEB_DIST) private readonly webDist: string) {}

  static register(config: GatewayConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        MessagingModule.forRoot({ url: config.NATS_URL, namespace: config.VIGIE_NAMESPACE, name: SERVICE }),
        ormModule(persistenceOptions(config)),
        HealthModule.forRoot({ service: SERVICE }),
        IngestModule.register(config.INGEST_TOKENS),
      ],
      controllers: [AnomaliesController],
      providers: [
        { provide: WEB_DIST, useValue: config.WEB_DIST },
        AnomalyViewProjection,
        AnomalyViewRepository,
        { provide: LiveFeed, useFactory: (views: AnomalyViewRepository) => new LiveFeed(views), inject: [AnomalyViewRepository] },
        ApplyAnomalyEvent,
        ListAnomalies,
        GetAnomaly,
        LiveGateway,
        AnomalyFeedConsumer,
      ],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(dashboardMiddleware(this.webDist)).forRoutes({ path: '{*path}', method: RequestMethod.ALL });
  }
}
