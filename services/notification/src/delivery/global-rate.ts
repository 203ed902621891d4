import { Pacer } from '../domain/pacer';
import { SlidingLimit } from '../domain/sliding-limit';

/** Requests leave a little later than their slot, some later than others: pace with this much to spare. */
const MARGIN = 1.2;

/**
 * A shared per-second budget (e.g. Telegram's ~30 messages/s per bot), spent evenly, and never more
 * than `perSecond` requests started in any second — even when a busy event loop let several slots
 * pass at once. Take the slot right before the request.
 */
export class GlobalRate {
  private readonly pacer: Pacer;
  private readonly limit: SlidingLimit;

  constructor(perSecond: number) {
    this.pacer = new Pacer((1000 / perSecond) * MARGIN);
    this.limit = new SlidingLimit(perSecond, 1000);
  }

  async acquire(): Promise<void> {
    const slot = this.pacer.reserve(Date.now());
    await sleepUntil(slot);
    for (let wait = this.limit.delay(Date.now()); wait > 0; wait = this.limit.delay(Date.now())) await sleepUntil(Date.now() + wait);
    this.limit.record(Date.now());
  }
}

function sleepUntil(at: number): Promise<void> {
  const ms = at - Date.now();
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
}
