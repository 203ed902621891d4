import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { createEvent, type Envelope } from '@vigie/contracts';
import { MetricsService } from '@vigie/health';
import { enqueue, OutboxRelay } from '@vigie/persistence';
import { Clock } from '../clock';
import { SERVICE } from '../config';
import { nextOccurrence } from '../domain/iso-week';
import { JobRunRow, type JobTrigger } from '../entities/job-run.entity';
import type { ScheduledJob } from '../jobs/job';

export const INSTANCE_ID = Symbol('INSTANCE_ID');

const MAX_ERROR = 2000;

/**
 * Runs one job and records the run (`job_run`, metrics) whatever the Agenda backend, with its outcome
 * announced as `ops.job.completed` through the outbox, in the same transaction as the record: a failed
 * or missed job is itself an anomaly (rules `job.failed`, `job.missed`).
 */
@Injectable()
export class JobRunner {
  private readonly logger = new Logger('Jobs');
  private readonly runs;
  private readonly lastRun;

  constructor(
    private readonly em: EntityManager,
    private readonly clock: Clock,
    private readonly relay: OutboxRelay,
    metrics: MetricsService,
    @Inject(INSTANCE_ID) private readonly instanceId: string,
  ) {
    this.runs = metrics.counter('vigie_job_runs_total', 'Job runs finished, by job and outcome', ['job', 'outcome']);
    this.lastRun = metrics.gauge('vigie_job_last_run_timestamp_seconds', 'When each job last finished, by outcome', ['job', 'outcome']);
  }

  /** First scheduling of a job: occurrences before it are not owed (see jobHealth). */
  async register(name: string): Promise<void> {
    await this.em
      .fork()
      .getConnection()
      .execute(`insert into "job_state" ("job_name", "registered_at") values (?, ?) on conflict do nothing`, [name, this.clock.now()]);
  }

  async run(job: ScheduledJob, trigger: JobTrigger): Promise<void> {
    const em = this.em.fork();
    const row = em.create(JobRunRow, {
      jobName: job.name,
      trigger,
      instanceId: this.instanceId,
      startedAt: this.clock.now(),
      outcome: 'running',
    });
    await em.flush();
    try {
      const summary = await job.run();
      Object.assign(row, { outcome: 'succeeded', finishedAt: this.clock.now(), summary });
      enqueue(em, this.outcome(job, row));
      await em.flush();
      this.relay.kick();
      this.finished(job.name, 'succeeded');
    } catch (e) {
      const error = (e as Error).message ?? String(e);
      Object.assign(row, { outcome: 'failed', finishedAt: this.clock.now(), error: error.slice(0, MAX_ERROR) });
      enqueue(em, this.outcome(job, row));
      await em
        .flush()
        .then(() => this.relay.kick())
        .catch((flushError) => this.logger.error(`run of ${job.name} not recorded: ${(flushError as Error).message}`));
      this.finished(job.name, 'failed');
      this.logger.warn(`${job.name} failed: ${error}`);
      throw e;
    }
  }

  /** The run's outcome as an OPS event, at its finishing time, with when the schedule next owes a run. */
  private outcome(job: ScheduledJob, row: JobRunRow): Envelope<'ops.job.completed'> {
    const finishedAt = row.finishedAt ?? this.clock.now();
    return createEvent(
      'ops.job.completed',
      {
        job: job.name,
        runId: `${this.instanceId}-${row.id}`,
        trigger: row.trigger,
        status: row.outcome === 'succeeded' ? 'succeeded' : 'failed',
        startedAt: row.startedAt.toISOString(),
        durationMs: Math.max(0, finishedAt.getTime() - row.startedAt.getTime()),
        ...(row.error ? { error: row.error } : {}),
        nextDueAt: nextOccurrence(job.schedule.cron, job.schedule.timeZone, row.startedAt).toISOString(),
      },
      { source: SERVICE, siteId: 'global', occurredAt: finishedAt },
    );
  }

  private finished(job: string, outcome: 'succeeded' | 'failed'): void {
    this.runs.inc({ job, outcome });
    this.lastRun.set({ job, outcome }, Date.now() / 1000);
  }
}
