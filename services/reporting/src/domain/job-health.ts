import { previousOccurrence } from './iso-week';

export type JobStatus = 'ok' | 'running' | 'failed' | 'missed' | 'pending';

export interface JobHealthInput {
  now: Date;
  cron: string;
  timeZone: string;
  /** When the job was first scheduled (occurrences before that were never owed). */
  registeredAt: Date | null;
  lastRun: { startedAt: Date; outcome: 'running' | 'succeeded' | 'failed' } | null;
  /** How late a run may start before its occurrence counts as missed. */
  graceMs: number;
}

export interface JobHealth {
  status: JobStatus;
  /** The latest occurrence that should have started by now (null before the first one is owed). */
  expectedSince: Date | null;
}

/**
 * Pure: `missed` when an occurrence owed (after registration, more than `graceMs` ago) has no run
 * started since; `failed` when the last run failed; `running`; `pending` before any run; else `ok`.
 * A failed or missed job is what the dashboard and the metrics flag.
 */
export function jobHealth(input: JobHealthInput): JobHealth {
  const owed = previousOccurrence(input.cron, input.timeZone, new Date(input.now.getTime() - input.graceMs));
  const expectedSince = input.registeredAt && owed > input.registeredAt ? owed : null;
  const last = input.lastRun;
  if (last?.outcome === 'running') return { status: 'running', expectedSince };
  if (expectedSince && (!last || last.startedAt < expectedSince)) return { status: 'missed', expectedSince };
  if (last?.outcome === 'failed') return { status: 'failed', expectedSince };
  return { status: last ? 'ok' : 'pending', expectedSince };
}

export function isUnhealthy(status: JobStatus): boolean {
  return status === 'failed' || status === 'missed';
}
