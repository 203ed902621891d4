import { type DynamicModule, Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { HealthModule, HeartbeatModule } from '@vigie/health';
import { MessagingModule } from '@vigie/messaging';
import { OutboxEventSchema, OutboxModule, ormModule, type PersistenceOptions } from '@vigie/persistence';
import {
  BREAKER_OPTIONS,
  FALLBACK_PROVIDER,
  GuardedClassifier,
  PRIMARY_PROVIDER,
  type BreakerOptions,
} from './classifier/guarded-classifier';
import { Clock } from './clock';
import { SERVICE, type AiConfig } from './config';
import { ClassificationSchema } from './entities/classification.entity';
import { BreakerReadinessInterceptor } from './http/breaker-readiness.interceptor';
import { ClassificationsController } from './http/classifications.controller';
import { MIGRATIONS } from './migrations';
import { PROVIDERS, selectProvider } from './providers';
import { LocalRulesProvider } from './providers/local-rules/local-rules.provider';
import { ClassifyDeposit } from './usecases/classify-deposit/classify-deposit.usecase';
import { CorrectClassification } from './usecases/correct-classification/correct-classification.usecase';
import { GetClassification } from './usecases/get-classification/get-classification.usecase';

export function persistenceOptions(config: AiConfig): PersistenceOptions {
  return {
    databaseUrl: config.DATABASE_URL,
    schema: 'ai',
    entities: [ClassificationSchema, OutboxEventSchema],
    migrations: MIGRATIONS,
  };
}

export function breakerOptions(config: AiConfig): BreakerOptions {
  return {
    timeoutMs: config.AI_TIMEOUT_MS,
    errorThresholdPercentage: config.AI_BREAKER_ERROR_PERCENT,
    volumeThreshold: config.AI_BREAKER_VOLUME,
    windowMs: config.AI_BREAKER_WINDOW_MS,
    resetMs: config.AI_BREAKER_RESET_MS,
  };
}

@Module({})
export class AppModule {
  /** Throws a ConfigError when the configured provider is unknown or misses settings. */
  static register(config: AiConfig): DynamicModule {
    const primary = selectProvider(PROVIDERS, config);
    return {
      module: AppModule,
      imports: [
        MessagingModule.forRoot({ url: config.NATS_URL, replicas: config.NATS_STREAM_REPLICAS, namespace: config.VIGIE_NAMESPACE, name: SERVICE, streams: ['AI', 'OPS'] }),
        ormModule(persistenceOptions(config)),
        HealthModule.forRoot({ service: SERVICE }),
        HeartbeatModule.forRoot({ service: SERVICE }),
        OutboxModule.forRoot({ service: SERVICE, intervalMs: config.AI_OUTBOX_INTERVAL_MS }),
      ],
      controllers: [ClassificationsController],
      providers: [
        Clock,
        { provide: PRIMARY_PROVIDER, useValue: primary },
        { provide: FALLBACK_PROVIDER, useValue: new LocalRulesProvider() },
        { provide: BREAKER_OPTIONS, useValue: breakerOptions(config) },
        GuardedClassifier,
        { provide: APP_INTERCEPTOR, useClass: BreakerReadinessInterceptor },
        ClassifyDeposit,
        CorrectClassification,
        GetClassification,
      ],
    };
  }
}
