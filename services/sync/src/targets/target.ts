import type { Env } from '@vigie/config';
import type { z } from 'zod';

/** What one run sends: the same bytes, under the same file name, at every attempt. */
export interface ExportBatch {
  runId: string;
  target: string;
  /** `<target>-<UTC timestamp>-<runId>.csv`; stable across attempts, so a retry overwrites instead of duplicating. */
  fileName: string;
  contentType: string;
  body: Uint8Array<ArrayBuffer>;
  /** Data rows in `body` (the header excluded). */
  itemCount: number;
}

export interface ExportResult {
  itemCount: number;
}

/**
 * A configured export destination. `export` delivers the whole batch or throws: a `TargetError` with
 * a stable `sync.*` code for the failures it recognises; anything else is reported as
 * `sync.unexpected`. It must give up when `signal` aborts (attempt timeout or shutdown), and must
 * never put a credential in an error message.
 */
export interface SyncTarget {
  readonly name: string;
  readonly kind: string;
  export(batch: ExportBatch, signal: AbortSignal): Promise<ExportResult>;
}

/**
 * One kind of target (one file per kind, registered in `TARGET_KINDS`). `options(env)` validates the
 * kind's own fields of a `SYNC_TARGETS` entry, resolving secret references (`passwordEnv`, ...)
 * from `env`; `create` builds the target from them.
 */
export interface TargetKind<O = unknown> {
  readonly kind: string;
  options(env: Env): z.ZodType<O>;
  create(name: string, options: O): SyncTarget;
}

export interface TargetErrorOptions {
  /** False when trying again cannot help before a human acts (bad credentials, no permission). Default true. */
  retryable?: boolean;
}

/** A recognised export failure: `code` is stable (`sync.http-401`, `sync.disk-full`, ...), the message is for humans. */
export class TargetError extends Error {
  readonly retryable: boolean;

  constructor(
    readonly code: string,
    message: string,
    options: TargetErrorOptions = {},
  ) {
    super(message);
    this.name = 'TargetError';
    this.retryable = options.retryable ?? true;
  }
}
