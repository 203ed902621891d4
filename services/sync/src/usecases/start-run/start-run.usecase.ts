import { businessTime } from '@vigie/health';
import { MikroORM, UniqueConstraintViolationException } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { createEvent, uuidv7 } from '@vigie/contracts';
import { enqueue, OutboxRelay } from '@vigie/persistence';
import { Clock } from '../../clock';
import { SERVICE } from '../../config';
import type { Row } from '../../domain/csv';
import { SyncRun, type RunTrigger } from '../../entities/sync-run.entity';
import { RunExecutor } from '../../runs/run-executor';
import { TargetRegistry } from '../../runs/target-registry';
import { shuttingDown, targetBusy, targetUnknown } from '../refusals';
import { toRunView, type RunView } from '../run.view';
import { activitySummary } from './activity-summary';
import { exportBatch } from './export-batch';

export interface StartRunCommand {
  target: string;
  /** The rows to export; without them, the activity summary of the last 24 h. */
  rows?: Row[];
  trigger: RunTrigger;
  /**
   * When the run started, if not now: its events and times are then those of a run started at `at`,
   * each later step as long after it as it really took.
   */
  at?: Date;
}

/** Records a run as started (row + `sync.run.started`), then hands its attempts to the background executor. */
@Injectable()
export class StartRun {
  constructor(
    private readonly orm: MikroORM,
    private readonly relay: OutboxRelay,
    private readonly clock: Clock,
    private readonly targets: TargetRegistry,
    private readonly executor: RunExecutor,
  ) {}

  async execute(cmd: StartRunCommand): Promise<RunView> {
    const registered = this.targets.get(cmd.target);
    if (!registered) throw targetUnknown(cmd.target);
    if (!this.executor.accepting) throw shuttingDown();
    const { name, siteId } = registered.config;
    const now = this.clock.now();
    const startedAt = businessTime(cmd.at, now);
    const runId = uuidv7(startedAt.getTime());
    const em = this.orm.em.fork();
    const rows = cmd.rows ?? (await activitySummary(em, this.targets.all().map((t) => t.config), startedAt));
    const batch = exportBatch(runId, name, startedAt, rows);
    let run: SyncRun;
    try {
      run = await em.transactional(async (tx) => {
        if ((await tx.count(SyncRun, { target: name, status: 'running' })) > 0) throw targetBusy(name);
        const created = tx.create(SyncRun, { id: runId, target: name, siteId, trigger: cmd.trigger, status: 'running', startedAt });
        enqueue(tx, createEvent('sync.run.started', { runId, target: name }, { source: SERVICE, siteId, occurredAt: startedAt }));
        return created;
      });
    } catch (e) {
      // Two starts racing past the count: the partial unique index refuses the second.
      if (e instanceof UniqueConstraintViolationException) throw targetBusy(name);
      throw e;
    }
    this.relay.kick();
    this.executor.launch({ runId, target: name, siteId, offsetMs: startedAt.getTime() - now.getTime(), batch });
    return toRunView(run);
  }
}
