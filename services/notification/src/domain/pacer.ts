/**
 * Evenly spaced slots: `reserve(now)` books the next slot at least `intervalMs` after the previous
 * one and returns when it starts. Spacing (rather than a burst then a pause) keeps the rate seen by
 * the far end under the limit even when requests leave a little late.
 */
export class Pacer {
  private next = Number.NEGATIVE_INFINITY;

  constructor(readonly intervalMs: number) {
    if (!(intervalMs > 0)) throw new Error('intervalMs must be positive');
  }

  reserve(now: number): number {
    const at = Math.max(now, this.next);
    this.next = at + this.intervalMs;
    return at;
  }
}
