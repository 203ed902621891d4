import { Injectable } from '@nestjs/common';
import { DomainError } from '@vigie/health';
import type { JobTrigger } from '../entities/job-run.entity';
import type { Agenda } from './agenda';

export interface RunData {
  trigger?: JobTrigger;
}

/**
 * The running Agenda, for what asks things of it (the API, /jobs, retention). Depends on nothing, so
 * jobs can use it without a cycle through the scheduler that defines them.
 */
@Injectable()
export class AgendaRuntime {
  private agenda?: Agenda;

  attach(agenda: Agenda): void {
    this.agenda = agenda;
  }

  detach(): void {
    this.agenda = undefined;
  }

  get isRunning(): boolean {
    return this.agenda !== undefined;
  }

  /** Queues one run now; whichever instance locks it first runs it. */
  async runNow(name: string): Promise<{ name: string; jobId: string }> {
    const agenda = this.started();
    if (!agenda.definitions[name]) throw new DomainError('job.not-found', `no job ${name}`, 404);
    const job = await agenda.now<RunData>(name, { trigger: 'manual' });
    return { name, jobId: String(job.attrs._id) };
  }

  /** The next time each job will run (its schedule, a retry or a queued run, whichever comes first). */
  async nextRuns(): Promise<Map<string, Date>> {
    const agenda = this.started();
    const { jobs } = await agenda.queryJobs({ names: Object.keys(agenda.definitions), includeDisabled: false });
    const next = new Map<string, Date>();
    for (const job of jobs) {
      if (!job.nextRunAt) continue;
      const at = new Date(job.nextRunAt);
      const known = next.get(job.name);
      if (!known || at < known) next.set(job.name, at);
    }
    return next;
  }

  /** Deletes one-off runs (boot, on demand) finished before `before` with nothing left to do: Agenda keeps failed ones. */
  async removeFinishedRuns(before: Date): Promise<number> {
    const agenda = this.started();
    const { jobs } = await agenda.queryJobs({ names: Object.keys(agenda.definitions), includeDisabled: true });
    const ids = jobs
      .filter((j) => j.type === 'normal' && !j.nextRunAt)
      .filter((j) => {
        const finished = j.lastFinishedAt ?? j.failedAt;
        return finished !== undefined && new Date(finished) < before;
      })
      .map((j) => String(j._id));
    return ids.length === 0 ? 0 : agenda.cancel({ ids });
  }

  private started(): Agenda {
    if (!this.agenda) throw new DomainError('jobs.not-running', 'the job scheduler is not running', 503);
    return this.agenda;
  }
}
