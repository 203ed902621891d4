import { EntitySchema, type Opt } from '@mikro-orm/core';

export type RunStatus = 'running' | 'succeeded' | 'failed';
export type RunTrigger = 'api' | 'schedule';

export class SyncRun {
  id!: string;
  target!: string;
  /** Copied from the target's config at start, so the run's events keep their site if the config changes. */
  siteId!: string;
  trigger!: RunTrigger;
  status!: RunStatus;
  /** Attempts finished so far (failed ones, plus the successful one). */
  attempts: number & Opt = 0;
  itemCount?: number | null;
  errorCode?: string | null;
  errorMessage?: string | null;
  startedAt!: Date;
  finishedAt?: Date | null;
}

export const SyncRunSchema = new EntitySchema<SyncRun>({
  class: SyncRun,
  tableName: 'sync_run',
  properties: {
    id: { type: 'string', primary: true },
    target: { type: 'string' },
    siteId: { type: 'string' },
    trigger: { type: 'string' },
    status: { type: 'string' },
    attempts: { type: 'integer' },
    itemCount: { type: 'integer', nullable: true },
    errorCode: { type: 'string', nullable: true },
    errorMessage: { type: 'text', nullable: true },
    startedAt: { type: 'datetime' },
    finishedAt: { type: 'datetime', nullable: true },
  },
});
