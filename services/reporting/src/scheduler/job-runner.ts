import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { MetricsService } from '@vigie/health';
import { Clock } from '../clock';
import { JobRunRow, type JobTrigger } from '../entities/job-run.entity';
import type { ScheduledJob } from '../jobs/job';

export const INSTANCE_ID = Symbol('INSTANCE_ID');

const MAX_ERROR = 2000;

/** Runs one job and records the run (`job_run`, metrics) whatever the Agenda backend. */
@Injectable()
export class JobRunner {
  private readonly logger = new Logger('Jobs');
  private readonly runs;
  private readonly lastRun;

  constructor(
    private readonly em: EntityManager,
    private readonly clock: Clock,
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
      await em.flush();
      this.finished(job.name, 'succeeded');
    } catch (e) {
      const error = (e as Error).message ?? String(e);
      Object.assign(row, { outcome: 'failed', finishedAt: this.clock.now(), error: error.slice(0, MAX_ERROR) });
      await em.flush().catch((flushError) => this.logger.error(`run of ${job.name} not recorded: ${(flushError as Error).message}`));
      this.finished(job.name, 'failed');
      this.logger.warn(`${job.name} failed: ${error}`);
      throw e;
    }
  }

  private finished(job: string, outcome: 'succeeded' | 'failed'): void {
    this.runs.inc({ job, outcome });
    this.lastRun.set({ job, outcome }, Date.now() / 1000);
  }
}
