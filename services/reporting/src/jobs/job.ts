/** What a run reports about itself: shown by `GET /jobs` and kept in `job_run`. */
export type JobSummary = Record<string, unknown>;

/**
 * A recurring job run by Agenda. One per file, registered in `JOBS` (jobs/index.ts). Agenda locks
 * each run in its backend, so of several reporting instances exactly one runs a given occurrence.
 */
export interface ScheduledJob {
  /** `reporting.<verb-noun>`: the Agenda job name. */
  readonly name: string;
  /** French, for the dashboard. */
  readonly description: string;
  /** Cron in a time zone (DST-aware): `0 8 * * 1` + `Europe/Paris` is 08:00 Paris time every Monday. */
  readonly schedule: { cron: string; timeZone: string };
  /** Also queue one run at boot: what a schedule missed while no instance was up would have done. */
  readonly runAtBoot?: boolean;
  /** Retries of a failed run (exponential from `delayMs`), before the next scheduled one. */
  readonly retry?: { delayMs: number; maxRetries: number };
  /** Throws when the job failed: the run is recorded as failed (and retried when `retry` says so). */
  run(): Promise<JobSummary>;
}

export const JOB_NAME_PATTERN = /^reporting\.[a-z]+(-[a-z]+)*$/;

/** The checked list of every job instance (provided from `JOBS`, see jobs/index.ts). */
export const JOB_LIST = Symbol('JOB_LIST');
