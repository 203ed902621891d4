import { Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { ConsumerRegistry, MetricsService, type ConsumerStatus } from '@vigie/health';
import { Gauge } from 'prom-client';
import { isUnhealthy } from '../domain/job-health';
import { ListJobs } from '../usecases/list-jobs/list-jobs.usecase';
import { AgendaRuntime } from './agenda-runtime';

export const JOBS_HEALTH_NAME = 'reporting-jobs';

/**
 * The jobs in `/health/ready` (`consumer:reporting-jobs`: up while the scheduler runs; `pending` =
 * jobs failed or missed) and in `/metrics` (`vigie_job_unhealthy{job,status}` = 1 for a failed or
 * missed job, computed at each scrape), so a job that failed or did not run can be alerted on.
 */
@Injectable()
export class JobsHealth implements ConsumerStatus, OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(
    private readonly jobs: ListJobs,
    private readonly agenda: AgendaRuntime,
    private readonly registry: ConsumerRegistry,
    metrics: MetricsService,
  ) {
    const list = jobs;
    new Gauge({
      name: 'vigie_job_unhealthy',
      help: 'A job whose last run failed or whose scheduled run did not happen (1), by job and status',
      labelNames: ['job', 'status'],
      registers: [metrics.registry],
      async collect() {
        this.reset();
        // A scrape while Postgres is away shows no series rather than failing /metrics.
        const jobs = await list.execute().catch(() => []);
        for (const job of jobs) this.set({ job: job.name, status: job.status }, isUnhealthy(job.status) ? 1 : 0);
      },
    });
  }

  onApplicationBootstrap(): void {
    this.registry.register(JOBS_HEALTH_NAME, this);
  }

  beforeApplicationShutdown(): void {
    this.registry.unregister(JOBS_HEALTH_NAME);
  }

  async info(): Promise<{ running: boolean; pending: number }> {
    const jobs = await this.jobs.execute();
    return { running: this.agenda.isRunning, pending: jobs.filter((j) => isUnhealthy(j.status)).length };
  }
}
