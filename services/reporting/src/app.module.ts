import { type DynamicModule, Module } from '@nestjs/common';
import { HealthModule, HeartbeatModule } from '@vigie/health';
import { MessagingModule } from '@vigie/messaging';
import { OutboxEventSchema, OutboxModule, ormModule, type PersistenceOptions } from '@vigie/persistence';
import { randomBytes } from 'node:crypto';
import { Clock } from './clock';
import { REPORTING_CONFIG, SERVICE, type ReportingConfig } from './config';
import { AnomalyTimelineSchema } from './entities/anomaly-timeline.entity';
import { JobRunSchema, JobStateSchema } from './entities/job-run.entity';
import { ReportDeliverySchema } from './entities/report-delivery.entity';
import { WeeklyReportSchema } from './entities/weekly-report.entity';
import { JobsController } from './http/jobs.controller';
import { ReportsController } from './http/reports.controller';
import { checkJobs, JOB_LIST, JOBS } from './jobs';
import type { ScheduledJob } from './jobs/job';
import { Mailer } from './mail/mailer';
import { MIGRATIONS } from './migrations';
import { AnomalyTimelineConsumer } from './projections/anomaly-timeline.consumer';
import { ProjectAnomalyTimeline } from './projections/project-anomaly-timeline.usecase';
import { AgendaRuntime } from './scheduler/agenda-runtime';
import { AgendaScheduler } from './scheduler/agenda-scheduler';
import { INSTANCE_ID, JobRunner } from './scheduler/job-runner';
import { JobsHealth } from './scheduler/jobs-health';
import { AnomalyClient } from './sources/anomaly-client';
import { ProjectionsCaughtUp } from './sources/projections-caught-up';
import { ApplyRetention } from './usecases/apply-retention/apply-retention.usecase';
import { DeliverReportEmails } from './usecases/deliver-report-emails/deliver-report-emails.usecase';
import { GenerateWeeklyReports } from './usecases/generate-weekly-reports/generate-weekly-reports.usecase';
import { ListJobs } from './usecases/list-jobs/list-jobs.usecase';

export { SERVICE };

export function persistenceOptions(config: ReportingConfig): PersistenceOptions {
  return {
    databaseUrl: config.DATABASE_URL,
    schema: 'reporting',
    entities: [WeeklyReportSchema, ReportDeliverySchema, JobRunSchema, JobStateSchema, AnomalyTimelineSchema, OutboxEventSchema],
    migrations: MIGRATIONS,
  };
}

export interface ReportingOptions {
  /** What "now" is for the reports and the job records (default: the system clock). */
  clock?: Clock;
}

@Module({})
export class AppModule {
  static register(config: ReportingConfig, options: ReportingOptions = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        MessagingModule.forRoot({ url: config.NATS_URL, replicas: config.NATS_STREAM_REPLICAS, namespace: config.VIGIE_NAMESPACE, name: SERVICE }),
        ormModule(persistenceOptions(config)),
        HealthModule.forRoot({ service: SERVICE }),
        HeartbeatModule.forRoot({ service: SERVICE }),
        OutboxModule.forRoot({ service: SERVICE, intervalMs: config.REPORTING_OUTBOX_INTERVAL_MS }),
      ],
      controllers: [ReportsController, JobsController],
      providers: [
        { provide: REPORTING_CONFIG, useValue: config },
        { provide: Clock, useValue: options.clock ?? new Clock() },
        { provide: INSTANCE_ID, useValue: `${SERVICE}-${randomBytes(6).toString('hex')}` },
        AnomalyClient,
        ProjectionsCaughtUp,
        Mailer,
        ProjectAnomalyTimeline,
        AnomalyTimelineConsumer,
        GenerateWeeklyReports,
        DeliverReportEmails,
        ApplyRetention,
        ...JOBS,
        { provide: JOB_LIST, useFactory: (...jobs: ScheduledJob[]) => checkJobs(jobs), inject: [...JOBS] },
        JobRunner,
        AgendaRuntime,
        AgendaScheduler,
        ListJobs,
        JobsHealth,
      ],
    };
  }
}
