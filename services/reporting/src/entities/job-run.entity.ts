import { BigIntType, EntitySchema, type Opt } from '@mikro-orm/core';

export type JobOutcome = 'running' | 'succeeded' | 'failed';
export type JobTrigger = 'schedule' | 'boot' | 'manual';

/** The `job_run` table: each run of each job, whichever instance ran it and whatever Agenda backend. */
export class JobRunRow {
  id!: number & Opt;
  jobName!: string;
  trigger!: JobTrigger;
  instanceId!: string;
  startedAt!: Date;
  finishedAt?: Date | null;
  outcome!: JobOutcome;
  error?: string | null;
  summary?: Record<string, unknown> | null;
}

export const JobRunSchema = new EntitySchema<JobRunRow>({
  class: JobRunRow,
  tableName: 'job_run',
  properties: {
    id: { type: new BigIntType('number'), primary: true, autoincrement: true },
    jobName: { type: 'string' },
    trigger: { type: 'string' },
    instanceId: { type: 'string' },
    startedAt: { type: 'datetime' },
    finishedAt: { type: 'datetime', nullable: true },
    outcome: { type: 'string' },
    error: { type: 'text', nullable: true },
    summary: { type: 'json', nullable: true },
  },
});

/** The `job_state` table: when each job was first scheduled, so a run due before that is not "missed". */
export class JobStateRow {
  jobName!: string;
  registeredAt!: Date;
}

export const JobStateSchema = new EntitySchema<JobStateRow>({
  class: JobStateRow,
  tableName: 'job_state',
  properties: {
    jobName: { type: 'string', primary: true },
    registeredAt: { type: 'datetime' },
  },
});
