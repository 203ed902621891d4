import { MikroORM } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { SyncRun } from '../../entities/sync-run.entity';
import { TargetRegistry, type BreakerState } from '../../runs/target-registry';
import { toRunView, type RunView } from '../run.view';

export interface TargetView {
  name: string;
  kind: string;
  siteId: string;
  /** 0 = runs only on request. */
  scheduleMs: number;
  breaker: BreakerState;
  lastRun: RunView | null;
  lastSuccessAt: string | null;
}

@Injectable()
export class ListTargets {
  constructor(
    private readonly orm: MikroORM,
    private readonly targets: TargetRegistry,
  ) {}

  async execute(): Promise<TargetView[]> {
    const em = this.orm.em.fork();
    const views: TargetView[] = [];
    for (const { config } of this.targets.all()) {
        const [last] = await em.find(SyncRun, { target: config.name }, { orderBy: { startedAt: 'desc' }, limit: 1 });
        const [success] = await em.find(
          SyncRun,
          { target: config.name, status: 'succeeded' },
          { orderBy: { finishedAt: 'desc' }, limit: 1 },
        );
        views.push({
          name: config.name,
          kind: config.kind,
          siteId: config.siteId,
          scheduleMs: config.scheduleMs,
          breaker: this.targets.stateOf(config.name),
          lastRun: last ? toRunView(last) : null,
          lastSuccessAt: success?.finishedAt?.toISOString() ?? null,
        });
    }
    return views;
  }
}
