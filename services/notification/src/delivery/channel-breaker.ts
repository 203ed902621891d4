import { Logger } from '@nestjs/common';
import CircuitBreaker from 'opossum';

export type BreakerState = 'closed' | 'half-open' | 'open';

export interface ChannelBreakerOptions {
  resetMs: number;
  /** Whether an error says the far end is down (counts against it) rather than refusing one message. */
  isOutage: (error: unknown) => boolean;
}

/** opossum's error when it refuses a call while open. */
export function isBreakerOpen(error: unknown): boolean {
  return (error as { code?: string } | undefined)?.code === 'EOPENBREAKER';
}

/**
 * An opossum breaker in front of one channel's far end: after repeated outage errors it stops
 * calling for `resetMs`, then lets one trial call through. Callers ask `canCall()` first and wait
 * for `onChange` instead of being refused, so a refused call never counts as an attempt.
 */
export class ChannelBreaker {
  private readonly breaker: CircuitBreaker<[() => Promise<unknown>], unknown>;
  private readonly listeners = new Set<() => void>();
  private readonly logger: Logger;
  private trialInFlight = false;

  constructor(name: string, options: ChannelBreakerOptions) {
    this.logger = new Logger(`Breaker:${name}`);
    this.breaker = new CircuitBreaker((call: () => Promise<unknown>) => call(), {
      name,
      timeout: false,
      errorThresholdPercentage: 50,
      volumeThreshold: 3,
      rollingCountTimeout: 10_000,
      rollingCountBuckets: 10,
      resetTimeout: options.resetMs,
      enableSnapshots: false,
      errorFilter: (e: unknown) => !options.isOutage(e),
    });
    this.breaker.on('open', () => {
      this.logger.warn(`${name} looks down: no call for ${options.resetMs} ms, then one trial`);
      this.changed();
    });
    this.breaker.on('halfOpen', () => this.changed());
    this.breaker.on('close', () => {
      this.logger.log(`${name} answers again`);
      this.changed();
    });
  }

  get state(): BreakerState {
    if (this.breaker.closed) return 'closed';
    return this.breaker.halfOpen ? 'half-open' : 'open';
  }

  /** Closed, or half-open with the trial slot free. */
  canCall(): boolean {
    return this.breaker.closed || (this.breaker.pendingClose && !this.trialInFlight);
  }

  async run<T>(call: () => Promise<T>): Promise<T> {
    const trial = !this.breaker.closed;
    if (trial) this.trialInFlight = true;
    try {
      return (await this.breaker.fire(call)) as T;
    } finally {
      if (trial) {
        this.trialInFlight = false;
        this.changed();
      }
    }
  }

  /** Called on open, half-open and close; returns the unsubscribe function. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  shutdown(): void {
    this.listeners.clear();
    this.breaker.shutdown();
  }

  private changed(): void {
    for (const listener of [...this.listeners]) listener();
  }
}
