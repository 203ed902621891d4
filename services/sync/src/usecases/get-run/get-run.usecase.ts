import { MikroORM } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { SyncRun } from '../../entities/sync-run.entity';
import { runNotFound } from '../refusals';
import { toRunView, type RunView } from '../run.view';

@Injectable()
export class GetRun {
  constructor(private readonly orm: MikroORM) {}

  async execute(runId: string): Promise<RunView> {
    const run = await this.orm.em.fork().findOne(SyncRun, { id: runId });
    if (!run) throw runNotFound();
    return toRunView(run);
  }
}
