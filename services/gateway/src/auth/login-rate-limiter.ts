/**
 * Failed logins counted per key (one per login name, one per client IP) in a sliding window, in this
 * process's memory: a restart forgets them and each gateway instance counts its own. The thresholds
 * are those of the `auth.failure-burst` rule (5 in 15 min), so the limit starts where the alert does.
 */
export class LoginRateLimiter {
  private readonly failures = new Map<string, number[]>();

  constructor(
    readonly maxFailures = 5,
    readonly windowMs = 15 * 60_000,
    private readonly maxKeys = 50_000,
  ) {}

  /** Whole seconds until an attempt under every key is allowed again; 0 when allowed now. */
  retryAfterSeconds(keys: readonly string[], now: number): number {
    let waitMs = 0;
    for (const key of keys) {
      const recent = this.recent(key, now);
      if (recent.length >= this.maxFailures) {
        waitMs = Math.max(waitMs, recent[recent.length - this.maxFailures] + this.windowMs - now);
      }
    }
    return waitMs > 0 ? Math.ceil(waitMs / 1000) : 0;
  }

  fail(keys: readonly string[], now: number): void {
    for (const key of keys) {
      const recent = this.recent(key, now);
      recent.push(now);
      this.failures.delete(key);
      this.failures.set(key, recent.slice(-this.maxFailures));
    }
    if (this.failures.size > this.maxKeys) this.evict(now);
  }

  /** A successful login clears its name's failures; the IP's stay, or one valid account would unlock guessing. */
  clear(key: string): void {
    this.failures.delete(key);
  }

  get size(): number {
    return this.failures.size;
  }

  private recent(key: string, now: number): number[] {
    return (this.failures.get(key) ?? []).filter((at) => now - at < this.windowMs);
  }

  /** Drops expired keys, then the least recently failed ones: memory stays bounded under a spray. */
  private evict(now: number): void {
    for (const [key, times] of this.failures) {
      if (now - times[times.length - 1] >= this.windowMs) this.failures.delete(key);
    }
    for (const key of this.failures.keys()) {
      if (this.failures.size <= this.maxKeys) break;
      this.failures.delete(key);
    }
  }
}
