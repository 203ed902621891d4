/**
 * At most `limit` reservations in any `windowMs`: `reserve(now)` books the earliest slot and returns
 * when it starts. Callers wait until then; booking first means concurrent callers never share a slot.
 */
export class RateWindow {
  private readonly slots: number[] = [];

  constructor(
    private readonly limit: number,
    private readonly windowMs = 1000,
  ) {
    if (limit < 1) throw new Error('limit must be at least 1');
  }

  reserve(now: number): number {
    while (this.slots.length > 0 && this.slots[0] <= now - this.windowMs) this.slots.shift();
    const at = this.slots.length < this.limit ? now : this.slots[this.slots.length - this.limit] + this.windowMs;
    const index = this.slots.findIndex((s) => s > at);
    this.slots.splice(index < 0 ? this.slots.length : index, 0, at);
    return at;
  }
}
