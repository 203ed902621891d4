import { LockMode, MikroORM } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { createEvent, type ErrorInfo } from '@vigie/contracts';
import { enqueue, OutboxRelay } from '@vigie/persistence';
import { Clock } from '../../clock';
import { SERVICE } from '../../config';
import { SyncRun } from '../../entities/sync-run.entity';

export interface RunRef {
  runId: string;
  target: string;
  siteId: string;
  /** Business time minus our clock: 0, or how far before now a run dated by its request (`at`) started. */
  offsetMs: number;
}

const MAX_MESSAGE = 2000;

/**
 * Records each attempt's outcome on the run row and enqueues its event in the same transaction.
 * Each method returns false when the run is no longer running (nothing is recorded then).
 */
@Injectable()
export class RunJournal {
  constructor(
    private readonly orm: MikroORM,
    private readonly relay: OutboxRelay,
    private readonly clock: Clock,
  ) {}

  async attemptFailed(run: RunRef, attempt: number, error: ErrorInfo, durationMs: number, final: boolean): Promise<boolean> {
    const message = error.message.slice(0, MAX_MESSAGE);
    return this.record(run, (row, at) => {
      row.attempts = attempt;
      row.errorCode = error.code;
      row.errorMessage = message;
      if (final) {
        row.status = 'failed';
        row.finishedAt = at;
      }
      return createEvent(
        'sync.run.failed',
        { runId: run.runId, target: run.target, durationMs, attempt, error: { code: error.code, message } },
        { source: SERVICE, siteId: run.siteId, occurredAt: at },
      );
    });
  }

  async succeeded(run: RunRef, attempt: number, itemCount: number, durationMs: number): Promise<boolean> {
    return this.record(run, (row, at) => {
      Object.assign(row, { attempts: attempt, status: 'succeeded', finishedAt: at, itemCount, errorCode: null, errorMessage: null });
      return createEvent(
        'sync.run.succeeded',
        { runId: run.runId, target: run.target, durationMs, itemCount },
        { source: SERVICE, siteId: run.siteId, occurredAt: at },
      );
    });
  }

  private async record(run: RunRef, change: (row: SyncRun, at: Date) => Parameters<typeof enqueue>[1]): Promise<boolean> {
    const at = new Date(this.clock.now().getTime() + run.offsetMs);
    const recorded = await this.orm.em.fork().transactional(async (em) => {
      const row = await em.findOne(SyncRun, { id: run.runId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!row || row.status !== 'running') return false;
      enqueue(em, change(row, at));
      return true;
    });
    if (recorded) this.relay.kick();
    return recorded;
  }
}
