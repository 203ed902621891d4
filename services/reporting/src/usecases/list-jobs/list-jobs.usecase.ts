import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import { Clock } from '../../clock';
import { REPORTING_CONFIG, type ReportingConfig } from '../../config';
import { jobHealth, type JobStatus } from '../../domain/job-health';
import { JobRunRow, JobStateRow, type JobOutcome, type JobTrigger } from '../../entities/job-run.entity';
import { JOB_LIST, type ScheduledJob } from '../../jobs/job';
import { AgendaRuntime } from '../../scheduler/agenda-runtime';

export interface JobRunView {
  trigger: JobTrigger;
  instanceId: string;
  startedAt: string;
  finishedAt: string | null;
  outcome: JobOutcome;
  error: string | null;
  summary: Record<string, unknown> | null;
}

export interface JobView {
  name: string;
  description: string;
  schedule: { cron: string; timeZone: string };
  /** ok | running | failed | missed | pending (never ran, nothing owed yet). */
  status: JobStatus;
  /** The occurrence that should have run by now, when one is owed. */
  expectedSince: string | null;
  lastRun: JobRunView | null;
  lastSuccessAt: string | null;
  nextRunAt: string | null;
}

function viewOf(run: JobRunRow): JobRunView {
  return {
    trigger: run.trigger,
    instanceId: run.instanceId,
    startedAt: run.startedAt.toISOString(),
    finishedAt: run.finishedAt?.toISOString() ?? null,
    outcome: run.outcome,
    error: run.error ?? null,
    summary: run.summary ?? null,
  };
}

/** Each job with its last run and outcome, its health, and when it runs next: `GET /jobs`. */
@Injectable()
export class ListJobs {
  constructor(
    private readonly em: EntityManager,
    private readonly clock: Clock,
    private readonly agenda: AgendaRuntime,
    @Inject(JOB_LIST) private readonly jobs: readonly ScheduledJob[],
    @Inject(REPORTING_CONFIG) private readonly config: ReportingConfig,
  ) {}

  async execute(): Promise<JobView[]> {
    const em = this.em.fork();
    const now = this.clock.now();
    const names = this.jobs.map((j) => j.name);
    const states = new Map((await em.find(JobStateRow, { jobName: { $in: names } })).map((s) => [s.jobName, s.registeredAt]));
    const next = this.agenda.isRunning ? await this.agenda.nextRuns() : new Map<string, Date>();
    const out: JobView[] = [];
    for (const job of this.jobs) {
      const [last] = await em.find(JobRunRow, { jobName: job.name }, { orderBy: { id: 'desc' }, limit: 1 });
      const [success] = await em.find(JobRunRow, { jobName: job.name, outcome: 'succeeded' }, { orderBy: { id: 'desc' }, limit: 1 });
      const health = jobHealth({
        now,
        cron: job.schedule.cron,
        timeZone: job.schedule.timeZone,
        registeredAt: states.get(job.name) ?? null,
        lastRun: last ? { startedAt: last.startedAt, outcome: last.outcome } : null,
        graceMs: this.config.JOB_MISSED_GRACE_MS,
      });
      out.push({
        name: job.name,
        description: job.description,
        schedule: job.schedule,
        status: health.status,
        expectedSince: health.expectedSince?.toISOString() ?? null,
        lastRun: last ? viewOf(last) : null,
        lastSuccessAt: success?.finishedAt?.toISOString() ?? null,
        nextRunAt: next.get(job.name)?.toISOString() ?? null,
      });
    }
    return out;
  }
}
