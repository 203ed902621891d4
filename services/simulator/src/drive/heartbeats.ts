import { createEvent, type AnyEvent } from '@vigie/contracts';
import { randomBytes } from 'node:crypto';
import { sleep } from '../plan/sim-clock';

/** The connected-register app the simulator plays: it reports its heartbeats to Vigie through the ingest API. */
export const HEARTBEAT_SERVICE = 'caisse-connectee';
const VERSION = '2.4.1';

/**
 * Heartbeats of a simulated service, in real time (`occurredAt` = now): `service.down` is about the
 * present, judged on the monitor's ticks. `crash` silences them for a while, then a new instance starts.
 */
export class Heartbeats {
  private timer?: NodeJS.Timeout;
  private instanceId = '';
  private startedAt = '';
  private stopped = false;
  private failing = false;

  constructor(
    private readonly send: (event: AnyEvent) => Promise<void>,
    private readonly opts: { service: string; siteId: string; intervalMs: number; log: (line: string) => void },
  ) {}

  get instance(): string {
    return this.instanceId;
  }

  start(): void {
    this.stopped = false;
    this.instanceId = `${this.opts.service}-${randomBytes(3).toString('hex')}`;
    this.startedAt = new Date().toISOString();
    void this.beat();
    this.timer = setInterval(() => void this.beat(), this.opts.intervalMs);
  }

  /** Silence for `ms` (the process is down), then a restart as a new instance. */
  async crash(ms: number, signal: AbortSignal): Promise<void> {
    this.stop();
    await sleep(ms, signal);
    if (!signal.aborted) this.start();
  }

  stop(): void {
    this.stopped = true;
    clearInterval(this.timer);
  }

  private async beat(): Promise<void> {
    const { service, siteId } = this.opts;
    const event = createEvent(
      'ops.heartbeat.emitted',
      { service, instanceId: this.instanceId, version: VERSION, startedAt: this.startedAt },
      { source: service, siteId },
    );
    try {
      await this.send(event);
      this.failing = false;
    } catch (e) {
      if (!this.stopped && !this.failing) this.opts.log(`heartbeat of ${service} not sent: ${(e as Error).message}`);
      this.failing = true;
    }
  }
}
