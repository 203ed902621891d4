import { Inject, Module, RequestMethod, type DynamicModule, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { Application } from 'express';
import { HealthModule, HeartbeatModule } from '@vigie/health';
import { MessagingModule } from '@vigie/messaging';
import { OutboxEventSchema, ormModule, type PersistenceOptions } from '@vigie/persistence';
import { AccountChangeSchema } from './auth/account-change.entity';
import { AuditModule } from './audit/audit.module';
import { AccountSchema } from './auth/account.entity';
import { AuthModule } from './auth/auth.module';
import type { GatewayConfig } from './config';
import { AnomalyFeedConsumer } from './consumers/anomaly-feed.consumer';
import { OpsHealthConsumer } from './consumers/ops-health.consumer';
import { AnomaliesController } from './http/anomalies.controller';
import { AnomalyActionsController } from './http/anomaly-actions.controller';
import { ChatsController } from './http/chats.controller';
import { dashboardMiddleware } from './http/dashboard.middleware';
import { DocsController } from './http/docs.controller';
import { HealthOverviewController } from './http/health.controller';
import { MetricsController } from './http/metrics.controller';
import { PipelinePulseController } from './http/pipeline-pulse.controller';
import { RecommendationsController } from './http/recommendations.controller';
import { ReportsController } from './http/reports.controller';
import { RulesController } from './http/rules.controller';
import { INGESTED_EVENT_MIGRATION } from './ingest/ingested-event.migration';
import { IngestModule } from './ingest/ingest.module';
import { LiveFeed } from './live/live-feed';
import { LiveGateway } from './live/live.gateway';
import { METRICS_SAMPLE_INTERVAL_MS, PipelineSampler } from './metrics/pipeline-sampler';
import { ACCOUNT_CHANGE_MIGRATION, ACCOUNT_MIGRATION, MIGRATIONS, SERVICE_HEALTH_MIGRATION } from './migrations';
import { AUDIT_LOG_MIGRATION } from './migrations/Migration20261230100000';
import { CheckPipelinePulse, PIPELINE_MAX_TICK_AGE_MS } from './pipeline/check-pipeline-pulse.usecase';
import { AnomalyViewSchema } from './projections/anomaly-view.entity';
import { AnomalyViewProjection } from './projections/anomaly-view.projection';
import { AnomalyViewRepository } from './projections/anomaly-view.repository';
import { ServiceHealthProjection } from './projections/service-health.projection';
import { ServiceHealthRepository } from './projections/service-health.repository';
import { AnomalyServiceClient } from './upstream/anomaly-service.client';
import { MonitorClient } from './upstream/monitor.client';
import { NotificationClient } from './upstream/notification.client';
import { ReportingClient } from './upstream/reporting.client';
import { ActOnAnomaly } from './usecases/act-on-anomaly.usecase';
import { ApplyAnomalyEvent } from './usecases/apply-anomaly-event.usecase';
import { ApplyOpsEvents } from './usecases/apply-ops-events.usecase';
import { GetAnomaly } from './usecases/get-anomaly.usecase';
import { GetDailyMetrics } from './usecases/get-daily-metrics.usecase';
import { GetHealthOverview } from './usecases/get-health-overview.usecase';
import { ListAnomalies } from './usecases/list-anomalies.usecase';
import { OwnChats } from './usecases/own-chats.usecase';
import { OverrideRule } from './usecases/override-rule.usecase';

export const SERVICE = 'gateway';
const WEB_DIST = Symbol('WEB_DIST');
const TRUST_PROXY = Symbol('TRUST_PROXY');

export function persistenceOptions(config: GatewayConfig): PersistenceOptions {
  return {
    databaseUrl: config.DATABASE_URL,
    schema: 'gateway',
    entities: [AnomalyViewSchema, AccountSchema, AccountChangeSchema, OutboxEventSchema],
    migrations: [...MIGRATIONS, INGESTED_EVENT_MIGRATION, ACCOUNT_MIGRATION, SERVICE_HEALTH_MIGRATION, ACCOUNT_CHANGE_MIGRATION, AUDIT_LOG_MIGRATION],
  };
}

@Module({})
export class AppModule implements NestModule {
  constructor(
    @Inject(WEB_DIST) private readonly webDist: string,
    @Inject(TRUST_PROXY) trustProxy: string | number | false,
    adapterHost: HttpAdapterHost,
  ) {
    if (trustProxy !== false) adapterHost.httpAdapter.getInstance<Application>().set('trust proxy', trustProxy);
  }

  static register(config: GatewayConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        MessagingModule.forRoot({ url: config.NATS_URL, replicas: config.NATS_STREAM_REPLICAS, namespace: config.VIGIE_NAMESPACE, name: SERVICE }),
        ormModule(persistenceOptions(config)),
        HealthModule.forRoot({ service: SERVICE }),
        HeartbeatModule.forRoot({ service: SERVICE }),
        IngestModule.register(config.INGEST_TOKENS),
        AuthModule.register(config),
        AuditModule.register(config.ANOMALY_URL),
      ],
      controllers: [
        AnomaliesController,
        AnomalyActionsController,
        HealthOverviewController,
        MetricsController,
        RecommendationsController,
        RulesController,
        ReportsController,
        ChatsController,
        DocsController,
        PipelinePulseController,
      ],
      providers: [
        { provide: WEB_DIST, useValue: config.WEB_DIST },
        { provide: TRUST_PROXY, useValue: config.GATEWAY_TRUST_PROXY ?? false },
        AnomalyViewProjection,
        AnomalyViewRepository,
        { provide: LiveFeed, useFactory: (views: AnomalyViewRepository) => new LiveFeed(views), inject: [AnomalyViewRepository] },
        ApplyAnomalyEvent,
        ListAnomalies,
        GetAnomaly,
        { provide: AnomalyServiceClient, useValue: new AnomalyServiceClient(config.ANOMALY_URL, config.ANOMALY_TIMEOUT_MS) },
        { provide: MonitorClient, useValue: new MonitorClient(config.MONITOR_URL, config.UPSTREAM_TIMEOUT_MS) },
        { provide: ReportingClient, useValue: new ReportingClient(config.REPORTING_URL, config.UPSTREAM_TIMEOUT_MS) },
        { provide: NotificationClient, useValue: new NotificationClient(config.NOTIFICATION_URL, config.UPSTREAM_TIMEOUT_MS) },
        { provide: METRICS_SAMPLE_INTERVAL_MS, useValue: config.METRICS_SAMPLE_INTERVAL_MS },
        ActOnAnomaly,
        OverrideRule,
        OwnChats,
        GetDailyMetrics,
        GetHealthOverview,
        LiveGateway,
        AnomalyFeedConsumer,
        ServiceHealthProjection,
        ServiceHealthRepository,
        ApplyOpsEvents,
        OpsHealthConsumer,
        PipelineSampler,
        { provide: PIPELINE_MAX_TICK_AGE_MS, useValue: config.PIPELINE_MAX_TICK_AGE_SECONDS * 1000 },
        CheckPipelinePulse,
      ],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(dashboardMiddleware(this.webDist)).forRoutes({ path: '{*path}', method: RequestMethod.ALL });
  }
}
