/**
 * Simulated time: `speed` simulated ms per real ms from `startMs`, but never ahead of the real clock
 * (the services refuse facts from the future). A compressed run therefore replays the past days
 * quickly, catches up with now, and from then on runs in real time.
 */
export class SimClock {
  constructor(
    readonly startMs: number,
    readonly speed: number,
    private readonly realNow: () => number = Date.now,
    private readonly realStartMs: number = realNow(),
  ) {
    if (!(speed >= 1)) throw new Error('speed must be at least 1');
  }

  now(): number {
    const real = this.realNow();
    return Math.min(this.startMs + (real - this.realStartMs) * this.speed, real);
  }

  /** Real ms until `now()` reaches `simMs` (0 when it already has). */
  realDelayUntil(simMs: number): number {
    const real = this.realNow();
    const compressed = this.realStartMs + (simMs - this.startMs) / this.speed;
    // now() ≥ simMs needs both the compressed clock and the real one to have reached it.
    return Math.max(0, Math.ceil(Math.max(compressed, simMs) - real));
  }

  /** Resolves once `now()` ≥ `simMs`; false when `signal` aborted first. */
  async until(simMs: number, signal?: AbortSignal): Promise<boolean> {
    for (;;) {
      if (signal?.aborted) return false;
      const delay = this.realDelayUntil(simMs);
      if (delay <= 0) return true;
      // Short steps: a long sleep would not notice the end of the run.
      await sleep(Math.min(delay, 1000), signal);
    }
  }
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
