export type Backoff = (attempt: number) => number;

export interface BackoffOptions {
  baseMs?: number;
  maxMs?: number;
}

/** `baseMs * 2^(attempt-1)`, capped at `maxMs`; attempt 1 is the first retry. */
export function exponentialBackoff({ baseMs = 500, maxMs = 60_000 }: BackoffOptions = {}): Backoff {
  return (attempt) => {
    const n = Math.max(1, Math.floor(attempt));
    return Math.min(maxMs, baseMs * 2 ** Math.min(n - 1, 30));
  };
}

export const defaultBackoff: Backoff = exponentialBackoff();

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Runs `fn` up to `attempts` times while `retryable(error)` holds, sleeping `backoff(n)` between tries. */
export async function retry<T>(
  fn: () => Promise<T>,
  opts: { attempts: number; backoff: Backoff; retryable: (e: unknown) => boolean },
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (e) {
      if (attempt >= opts.attempts || !opts.retryable(e)) throw e;
      await sleep(opts.backoff(attempt));
    }
  }
}
