import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { REPORTING_CONFIG, type ReportingConfig } from '../config';
import type { JobTrigger } from '../entities/job-run.entity';
import { JOB_LIST, type ScheduledJob } from '../jobs/job';
import { agendaBackend, agendaModule, type Agenda, type AgendaJob } from './agenda';
import { AgendaRuntime, type RunData } from './agenda-runtime';
import { INSTANCE_ID, JobRunner } from './job-runner';

/** How long boot waits for Agenda's backend to connect (Agenda itself would wait forever). */
const CONNECT_TIMEOUT_MS = 30_000;
const DRAIN_TIMEOUT_MS = 15_000;

/**
 * Agenda with every job of JOB_LIST: each defined once with concurrency 1 and lock limit 1, each
 * scheduled by cron in its time zone (`every` upserts ONE recurring row per name, so instances
 * never multiply schedules), locked in the backend while it runs so no two instances run one
 * occurrence. Jobs marked `runAtBoot` are also queued once at boot.
 */
@Injectable()
export class AgendaScheduler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Agenda');
  private agenda?: Agenda;
  private inFlight = 0;

  constructor(
    @Inject(JOB_LIST) private readonly jobs: readonly ScheduledJob[],
    private readonly runner: JobRunner,
    @Inject(REPORTING_CONFIG) private readonly config: ReportingConfig,
    @Inject(INSTANCE_ID) private readonly instanceId: string,
    private readonly runtime: AgendaRuntime,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { Agenda, exponential } = agendaModule();
    const agenda = new Agenda({
      backend: agendaBackend(this.config),
      name: this.instanceId,
      processEvery: this.config.AGENDA_PROCESS_EVERY_MS,
      defaultLockLifetime: this.config.AGENDA_LOCK_LIFETIME_MS,
      defaultConcurrency: 1,
      defaultLockLimit: 1,
    });
    this.agenda = agenda;
    agenda.on('error', (e: Error) => this.logger.error(`agenda: ${e.message}`));
    for (const job of this.jobs) {
      agenda.define(job.name, (run: AgendaJob<RunData>) => this.keepingLock(run, () => this.runner.run(job, triggerOf(run))), {
        concurrency: 1,
        lockLimit: 1,
        removeOnComplete: true,
        ...(job.retry ? { backoff: exponential({ delay: job.retry.delayMs, maxRetries: job.retry.maxRetries }) } : {}),
      });
    }
    await withTimeout(agenda.start(), CONNECT_TIMEOUT_MS, `agenda (${this.config.AGENDA_BACKEND}) did not connect`);
    this.runtime.attach(agenda);
    for (const job of this.jobs) {
      await agenda.every(job.schedule.cron, job.name, undefined, { timezone: job.schedule.timeZone });
      await this.runner.register(job.name);
    }
    for (const job of this.jobs.filter((j) => j.runAtBoot)) await agenda.now<RunData>(job.name, { trigger: 'boot' });
  }

  async beforeApplicationShutdown(): Promise<void> {
    const agenda = this.agenda;
    if (!agenda) return;
    this.runtime.detach();
    this.agenda = undefined;
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), DRAIN_TIMEOUT_MS);
    // Agenda's drain counts a run done on its 'complete' event, which comes before Agenda's own
    // bookkeeping of that run ends; it would then wait for its whole timeout. It is cut short once
    // neither we nor Agenda have a run in flight.
    const draining = agenda.drain({ signal: abort.signal });
    void this.settled(agenda, abort.signal).then(() => abort.abort());
    const { running } = await draining;
    clearTimeout(timer);
    if (running > 0) this.logger.warn(`${running} job(s) still running at shutdown: their lock expires and another instance takes over`);
  }

  private async settled(agenda: Agenda, signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      if (this.inFlight === 0) {
        const stats = await agenda.getRunningStats().catch(() => undefined);
        if (!stats || stats.runningJobs === 0) return;
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /**
   * Agenda cancels a run whose lock was not renewed within the lock lifetime (and another instance
   * may then take it): renew it while the job works, e.g. while a report waits for projections.
   */
  private async keepingLock(run: AgendaJob<RunData>, work: () => Promise<void>): Promise<void> {
    const every = Math.max(200, Math.floor(this.config.AGENDA_LOCK_LIFETIME_MS / 3));
    const timer = setInterval(() => {
      run.touch().catch((e: Error) => this.logger.warn(`lock of ${run.attrs.name} not renewed: ${e.message}`));
    }, every);
    this.inFlight += 1;
    try {
      await work();
    } finally {
      clearInterval(timer);
      this.inFlight -= 1;
    }
  }
}

function triggerOf(run: AgendaJob<RunData>): JobTrigger {
  return run.attrs.type === 'single' ? 'schedule' : (run.attrs.data?.trigger ?? 'manual');
}

async function withTimeout<T>(work: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([work, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(message)), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}
