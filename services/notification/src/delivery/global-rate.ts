import { RateWindow } from '../domain/rate-window';

/** Waits for a slot of a shared per-second budget (e.g. Telegram's ~30 messages/s per bot). */
export class GlobalRate {
  private readonly window: RateWindow;

  constructor(perSecond: number) {
    this.window = new RateWindow(perSecond, 1000);
  }

  async acquire(): Promise<void> {
    const now = Date.now();
    const at = this.window.reserve(now);
    if (at > now) await new Promise((resolve) => setTimeout(resolve, at - now));
  }
}
