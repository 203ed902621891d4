import { Inject, Injectable } from '@nestjs/common';
import { REPORTING_CONFIG, type ReportingConfig } from '../config';
import { ApplyRetention } from '../usecases/apply-retention/apply-retention.usecase';
import type { JobSummary, ScheduledJob } from './job';

/** Daily: deletes the old job runs, deliveries, timeline rows and published outbox rows of this service. */
@Injectable()
export class ApplyRetentionJob implements ScheduledJob {
  readonly name = 'reporting.apply-retention';
  readonly description = 'Purge quotidienne des données anciennes (exécutions, envois, projections)';
  readonly schedule: ScheduledJob['schedule'];

  constructor(
    private readonly retention: ApplyRetention,
    @Inject(REPORTING_CONFIG) config: ReportingConfig,
  ) {
    this.schedule = { cron: config.RETENTION_CRON, timeZone: config.REPORT_TIMEZONE };
  }

  async run(): Promise<JobSummary> {
    return { deleted: await this.retention.execute() };
  }
}
