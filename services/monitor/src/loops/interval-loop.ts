import { Logger } from '@nestjs/common';
import type { ConsumerStatus } from '@vigie/health';

/**
 * Runs `run` now and then every `intervalMs` (start to start), never two at once: a slow run delays
 * the next instead of piling up. A failing run is logged when it starts failing and when it
 * recovers, not at every interval, so an outage of NATS does not flood the log.
 */
export class IntervalLoop implements ConsumerStatus {
  private readonly logger: Logger;
  private readonly controller = new AbortController();
  private timer?: NodeJS.Timeout;
  private current?: Promise<void>;
  private started = false;
  private failing = false;

  constructor(
    readonly name: string,
    private readonly intervalMs: number,
    private readonly run: (signal: AbortSignal) => Promise<unknown>,
  ) {
    this.logger = new Logger(name);
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    this.schedule(0);
  }

  /** Aborts the run in progress (through its signal), waits for it, and runs no more. */
  async stop(): Promise<void> {
    this.controller.abort();
    clearTimeout(this.timer);
    await this.current;
  }

  async info(): Promise<{ running: boolean }> {
    return { running: this.started && !this.controller.signal.aborted };
  }

  private schedule(delayMs: number): void {
    if (this.controller.signal.aborted) return;
    this.timer = setTimeout(() => void this.runOnce(), delayMs);
  }

  private async runOnce(): Promise<void> {
    const startedAt = Date.now();
    this.current = this.attempt();
    await this.current;
    this.current = undefined;
    this.schedule(Math.max(0, this.intervalMs - (Date.now() - startedAt)));
  }

  private async attempt(): Promise<void> {
    try {
      await this.run(this.controller.signal);
      if (this.failing) this.logger.log('back to normal');
      this.failing = false;
    } catch (e) {
      if (this.controller.signal.aborted) return;
      const message = (e as Error).message;
      if (this.failing) {
        this.logger.debug(`still failing: ${message}`);
      } else {
        this.logger.warn(`failed, retrying every ${this.intervalMs} ms: ${message}`);
      }
      this.failing = true;
    }
  }
}
