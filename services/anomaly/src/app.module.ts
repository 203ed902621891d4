import { type DynamicModule, Module } from '@nestjs/common';
import { HealthModule, HeartbeatModule } from '@vigie/health';
import { MessagingModule } from '@vigie/messaging';
import { OutboxEventSchema, OutboxModule, ormModule, type PersistenceOptions } from '@vigie/persistence';
import type { AnomalyConfig } from './config';
import { DomainEventsConsumer } from './consumers/domain-events.consumer';
import { checkDetectors, DETECTORS } from './detectors';
import { AnomalySchema } from './entities/anomaly.entity';
import { CheckpointSchema } from './entities/checkpoint.entity';
import { DetectorStateSchema } from './entities/detector-state.entity';
import { RuleOverrideSchema, RuleRevisionSchema } from './entities/rule-override.entity';
import { AnomaliesController } from './http/anomalies.controller';
import { ReplaysController } from './http/replays.controller';
import { RulesController } from './http/rules.controller';
import { MIGRATIONS } from './migrations';
import { PROJECTION_CONTROLLERS, PROJECTION_ENTITIES, PROJECTION_PROVIDERS } from './projections/projections.providers';
import {
  RECOMMENDATION_CONTROLLERS,
  RECOMMENDATION_ENTITIES,
  recommendationProviders,
} from './recommendations/recommendations.providers';
import { REPLAY_PERSISTENCE, ReplayRange } from './replay/replay-range.usecase';
import { RulesService } from './rules/rules.service';
import { ActOnAnomaly } from './usecases/act-on-anomaly/act-on-anomaly.usecase';
import { DETECTOR_LIST, DetectAnomalies } from './usecases/detect-anomalies/detect-anomalies.usecase';

export const SERVICE = 'anomaly';

export function persistenceOptions(config: AnomalyConfig): PersistenceOptions {
  return {
    databaseUrl: config.DATABASE_URL,
    schema: 'anomaly',
    entities: [
      AnomalySchema,
      OutboxEventSchema,
      CheckpointSchema,
      DetectorStateSchema,
      RuleOverrideSchema,
      RuleRevisionSchema,
      ...PROJECTION_ENTITIES,
      ...RECOMMENDATION_ENTITIES,
    ],
    migrations: MIGRATIONS,
  };
}

@Module({})
export class AppModule {
  static register(config: AnomalyConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        MessagingModule.forRoot({ url: config.NATS_URL, replicas: config.NATS_STREAM_REPLICAS, namespace: config.VIGIE_NAMESPACE, name: SERVICE }),
        ormModule(persistenceOptions(config)),
        HealthModule.forRoot({ service: SERVICE }),
        HeartbeatModule.forRoot({ service: SERVICE }),
        OutboxModule.forRoot({ service: SERVICE, intervalMs: config.ANOMALY_OUTBOX_INTERVAL_MS }),
      ],
      controllers: [AnomaliesController, RulesController, ReplaysController, ...PROJECTION_CONTROLLERS, ...RECOMMENDATION_CONTROLLERS],
      providers: [
        { provide: DETECTOR_LIST, useValue: checkDetectors(DETECTORS) },
        RulesService,
        DetectAnomalies,
        ActOnAnomaly,
        DomainEventsConsumer,
        { provide: REPLAY_PERSISTENCE, useValue: persistenceOptions(config) },
        ReplayRange,
        ...PROJECTION_PROVIDERS,
        ...recommendationProviders({ intervalMs: config.ANOMALY_RECOMMENDATIONS_INTERVAL_MS }),
      ],
    };
  }
}
