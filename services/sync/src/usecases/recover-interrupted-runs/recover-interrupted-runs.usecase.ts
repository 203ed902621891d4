import { LockMode, MikroORM } from '@mikro-orm/postgresql';
import { Injectable, Logger } from '@nestjs/common';
import { createEvent } from '@vigie/contracts';
import { enqueue, OutboxRelay } from '@vigie/persistence';
import { Clock } from '../../clock';
import { SERVICE } from '../../config';
import { SyncRun } from '../../entities/sync-run.entity';

/**
 * At boot, before any run starts: runs a previous process left `running` (it crashed or was killed
 * mid-run) can never finish, so each is failed with `sync.interrupted`, its attempt in progress
 * counted, and a `sync.run.failed` event (durationMs 0: that attempt's length is unknown).
 */
@Injectable()
export class RecoverInterruptedRuns {
  private readonly logger = new Logger(RecoverInterruptedRuns.name);

  constructor(
    private readonly orm: MikroORM,
    private readonly relay: OutboxRelay,
    private readonly clock: Clock,
  ) {}

  async execute(): Promise<string[]> {
    const now = this.clock.now();
    const recovered = await this.orm.em.fork().transactional(async (em) => {
      const runs = await em.find(SyncRun, { status: 'running' }, { lockMode: LockMode.PESSIMISTIC_WRITE, orderBy: { startedAt: 'asc' } });
      for (const run of runs) {
        const attempt = run.attempts + 1;
        const error = { code: 'sync.interrupted', message: 'the sync service stopped during the run' };
        Object.assign(run, { status: 'failed', attempts: attempt, finishedAt: now, errorCode: error.code, errorMessage: error.message });
        enqueue(
          em,
          createEvent(
            'sync.run.failed',
            { runId: run.id, target: run.target, durationMs: 0, attempt, error },
            { source: SERVICE, siteId: run.siteId, occurredAt: now },
          ),
        );
      }
      return runs.map((r) => r.id);
    });
    if (recovered.length > 0) {
      this.logger.warn(`${recovered.length} run(s) interrupted by the previous stop marked failed: ${recovered.join(', ')}`);
      this.relay.kick();
    }
    return recovered;
  }
}
