import { type DynamicModule, Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { HealthModule, HeartbeatModule } from '@vigie/health';
import { MessagingModule } from '@vigie/messaging';
import { OutboxEventSchema, OutboxModule, ormModule, type PersistenceOptions } from '@vigie/persistence';
import { Clock } from './clock';
import { SERVICE, type SyncConfig } from './config';
import { RetryPolicy } from './domain/retry-policy';
import { SyncRunSchema } from './entities/sync-run.entity';
import { BreakersReadinessInterceptor } from './http/breakers-readiness.interceptor';
import { RunsController } from './http/runs.controller';
import { TargetsController } from './http/targets.controller';
import { MIGRATIONS } from './migrations';
import { RunExecutor } from './runs/run-executor';
import { RunScheduler } from './runs/run-scheduler';
import { SYNC_CONFIG } from './runs/sync-config.token';
import { TargetRegistry } from './runs/target-registry';
import { ExecuteRun } from './usecases/execute-run/execute-run.usecase';
import { RunJournal } from './usecases/execute-run/run-journal';
import { GetRun } from './usecases/get-run/get-run.usecase';
import { ListTargets } from './usecases/list-targets/list-targets.usecase';
import { RecoverInterruptedRuns } from './usecases/recover-interrupted-runs/recover-interrupted-runs.usecase';
import { StartRun } from './usecases/start-run/start-run.usecase';

export function persistenceOptions(config: SyncConfig): PersistenceOptions {
  return {
    databaseUrl: config.DATABASE_URL,
    schema: 'sync',
    entities: [SyncRunSchema, OutboxEventSchema],
    migrations: MIGRATIONS,
  };
}

@Module({})
export class AppModule {
  static register(config: SyncConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        MessagingModule.forRoot({ url: config.NATS_URL, replicas: config.NATS_STREAM_REPLICAS, namespace: config.VIGIE_NAMESPACE, name: SERVICE, streams: ['SYNC', 'OPS'] }),
        ormModule(persistenceOptions(config)),
        HealthModule.forRoot({ service: SERVICE }),
        HeartbeatModule.forRoot({ service: SERVICE }),
        OutboxModule.forRoot({ service: SERVICE, intervalMs: config.SYNC_OUTBOX_INTERVAL_MS }),
      ],
      controllers: [RunsController, TargetsController],
      providers: [
        { provide: SYNC_CONFIG, useValue: config },
        {
          provide: RetryPolicy,
          useValue: new RetryPolicy({
            maxAttempts: config.SYNC_MAX_ATTEMPTS,
            baseDelayMs: config.SYNC_RETRY_BASE_MS,
            maxDelayMs: config.SYNC_RETRY_MAX_MS,
          }),
        },
        { provide: APP_INTERCEPTOR, useClass: BreakersReadinessInterceptor },
        Clock,
        TargetRegistry,
        RunJournal,
        ExecuteRun,
        RecoverInterruptedRuns,
        RunExecutor,
        RunScheduler,
        StartRun,
        GetRun,
        ListTargets,
      ],
    };
  }
}
