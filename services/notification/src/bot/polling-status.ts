/** What readiness knows of the long polling: did the Bot API answer lately, is a poll hanging. */
export class PollingStatus {
  private startedAt?: number;
  private lastOkAt?: number;
  private lastError?: { at: number; message: string };
  private pollSince?: number;
  private fatal?: string;

  constructor(private readonly pollTimeoutMs: number) {}

  started(now = Date.now()): void {
    this.startedAt = now;
    this.fatal = undefined;
  }

  begin(method: string, now = Date.now()): void {
    if (method === 'getUpdates') this.pollSince = now;
  }

  ok(method: string, now = Date.now()): void {
    if (method === 'getUpdates') this.pollSince = undefined;
    this.lastOkAt = now;
  }

  failed(method: string, message: string, now = Date.now()): void {
    if (method === 'getUpdates') this.pollSince = undefined;
    this.lastError = { at: now, message };
  }

  /** Polling ended for good (401, 409: another process reads this bot's updates). */
  stopped(message: string): void {
    this.fatal = message;
  }

  /** Undefined when updates are being received; otherwise why not. */
  problem(now = Date.now()): string | undefined {
    if (this.fatal) return `update polling stopped: ${this.fatal}`;
    if (this.startedAt === undefined) return 'update polling not started';
    if (this.lastError && (this.lastOkAt === undefined || this.lastError.at >= this.lastOkAt)) {
      return `Telegram Bot API unreachable: ${this.lastError.message}`;
    }
    if (this.lastOkAt === undefined) return 'waiting for the first answer of the Telegram Bot API';
    // A long poll answers within its timeout; much later means the connection hangs.
    if (this.pollSince !== undefined && now - this.pollSince > this.pollTimeoutMs + 15_000) {
      return `getUpdates has not answered for ${Math.round((now - this.pollSince) / 1000)} s`;
    }
    return undefined;
  }
}
