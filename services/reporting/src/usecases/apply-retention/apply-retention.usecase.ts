import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import { Clock } from '../../clock';
import { REPORTING_CONFIG, type ReportingConfig } from '../../config';
import { localDay } from '../../domain/iso-week';
import { PROJECTION_TIME_ZONE } from '../../projections/anomaly-timeline';
import { AgendaRuntime } from '../../scheduler/agenda-runtime';

export interface RetentionResult {
  jobRuns: number;
  deliveries: number;
  anomalyTimeline: number;
  outbox: number;
  /** Finished one-off Agenda runs (Agenda keeps the failed ones). */
  agendaRuns: number;
}

const DAY_MS = 86_400_000;

/**
 * Deletes what this service no longer needs: job runs (each job's last run and last success are
 * kept, /jobs shows them) and Agenda's finished one-off runs, finished e-mail deliveries, anomalies
 * the timeline has not heard of for the retention period, and published outbox rows. Weekly reports
 * themselves are kept.
 */
@Injectable()
export class ApplyRetention {
  constructor(
    private readonly em: EntityManager,
    private readonly clock: Clock,
    private readonly agenda: AgendaRuntime,
    @Inject(REPORTING_CONFIG) private readonly config: ReportingConfig,
  ) {}

  async execute(): Promise<RetentionResult> {
    const now = this.clock.now().getTime();
    const before = (days: number) => new Date(now - days * DAY_MS);
    const deleted = await this.em.fork().transactional(async (em) => {
      const count = (rows: unknown) => (rows as { affectedRows?: number }).affectedRows ?? 0;
      const jobRuns = await em.execute(
        `delete from "job_run" where "started_at" < ? and "outcome" <> 'running'
           and "id" not in (select max("id") from "job_run" group by "job_name")
           and "id" not in (select max("id") from "job_run" where "outcome" = 'succeeded' group by "job_name")`,
        [before(this.config.RETENTION_JOB_RUNS_DAYS)],
        'run',
      );
      const deliveries = await em.execute(
        `delete from "report_delivery" where "status" in ('sent', 'failed') and "updated_at" < ?`,
        [before(this.config.RETENTION_DELIVERIES_DAYS)],
        'run',
      );
      const anomalyTimeline = await em.execute(
        `delete from "anomaly_timeline" where greatest("raised_day", "acknowledged_day", "resolved_day") < ?::date`,
        [localDay(before(this.config.RETENTION_ANOMALY_TIMELINE_DAYS), PROJECTION_TIME_ZONE)],
        'run',
      );
      const outbox = await em.execute(
        `delete from "outbox" where "published_at" is not null and "published_at" < ?`,
        [before(this.config.RETENTION_OUTBOX_DAYS)],
        'run',
      );
      return { jobRuns: count(jobRuns), deliveries: count(deliveries), anomalyTimeline: count(anomalyTimeline), outbox: count(outbox) };
    });
    return { ...deleted, agendaRuns: await this.agenda.removeFinishedRuns(before(this.config.RETENTION_JOB_RUNS_DAYS)) };
  }
}
