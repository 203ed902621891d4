/** At most `limit` events in any `windowMs`, by the times they actually happened. */
export class SlidingLimit {
  private readonly times: number[] = [];

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {
    if (limit < 1) throw new Error('limit must be at least 1');
  }

  /** How long to wait from `now` before one more event keeps within the limit (0 = go). */
  delay(now: number): number {
    while (this.times.length > 0 && this.times[0] <= now - this.windowMs) this.times.shift();
    return this.times.length < this.limit ? 0 : this.times[0] + this.windowMs - now;
  }

  record(at: number): void {
    this.times.push(at);
  }
}
