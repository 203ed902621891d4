export interface RetrySettings {
  /** Attempts per run, the first included (1 = no retry). */
  maxAttempts: number;
  /** Delay after the first failed attempt; doubles after each further one. */
  baseDelayMs: number;
  /** Upper bound of any one delay. */
  maxDelayMs: number;
}

/** When a failed attempt is retried, and after how long. */
export class RetryPolicy {
  constructor(private readonly settings: RetrySettings) {
    if (!Number.isInteger(settings.maxAttempts) || settings.maxAttempts < 1) throw new Error('maxAttempts must be an integer ≥ 1');
    if (settings.baseDelayMs < 0 || settings.maxDelayMs < settings.baseDelayMs) {
      throw new Error('delays must satisfy 0 ≤ baseDelayMs ≤ maxDelayMs');
    }
  }

  get maxAttempts(): number {
    return this.settings.maxAttempts;
  }

  /** True when attempt `attempt` (1-based) failing ends the run. */
  isLast(attempt: number): boolean {
    return attempt >= this.settings.maxAttempts;
  }

  /** The wait between failed attempt `attempt` and the next one: base × 2^(attempt−1), capped. */
  delayAfter(attempt: number): number {
    const n = Math.max(1, Math.floor(attempt));
    return Math.min(this.settings.maxDelayMs, this.settings.baseDelayMs * 2 ** Math.min(n - 1, 30));
  }
}
