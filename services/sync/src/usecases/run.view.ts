import type { RunStatus, RunTrigger, SyncRun } from '../entities/sync-run.entity';

/** A run as the REST API returns it. */
export interface RunView {
  runId: string;
  target: string;
  siteId: string;
  trigger: RunTrigger;
  status: RunStatus;
  /** Attempts made so far. */
  attempts: number;
  startedAt: string;
  finishedAt?: string;
  /** From start to end, retries and waits included. */
  durationMs?: number;
  itemCount?: number;
  /** Why a failed run failed (its last attempt's error). */
  error?: { code: string; message: string };
}

export function toRunView(run: SyncRun): RunView {
  const view: RunView = {
    runId: run.id,
    target: run.target,
    siteId: run.siteId,
    trigger: run.trigger,
    status: run.status,
    attempts: run.attempts,
    startedAt: run.startedAt.toISOString(),
  };
  if (run.finishedAt) {
    view.finishedAt = run.finishedAt.toISOString();
    view.durationMs = run.finishedAt.getTime() - run.startedAt.getTime();
  }
  if (run.status === 'succeeded' && run.itemCount !== null && run.itemCount !== undefined) view.itemCount = run.itemCount;
  if (run.status === 'failed' && run.errorCode) view.error = { code: run.errorCode, message: run.errorMessage ?? '' };
  return view;
}
