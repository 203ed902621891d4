import { MikroORM } from '@mikro-orm/postgresql';
import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { streamOfType, type Envelope } from '@vigie/contracts';
import { ConsumerRegistry, MetricsService, type ConsumerStatus } from '@vigie/health';
import { Bus, exponentialBackoff, isTransientNatsError, publishInOrder, sleep } from '@vigie/messaging';
import { OutboxEvent } from './outbox.entity';

export interface OutboxOptions {
  /** The owning service: names the relay in /health/ready (`<service>-outbox-relay`) and its lock. */
  service: string;
  /** How often events whose publish failed are retried, ms. */
  intervalMs: number;
}

export const OUTBOX_OPTIONS = Symbol('OUTBOX_OPTIONS');
/** Events read and published at once (pipelined, see `publishInOrder`). */
const BATCH = 500;
/** Tries per pass when NATS times out or has no JetStream responder; then the interval retries. */
const ATTEMPTS = 5;
/** How long the last relay pass at shutdown may hold the stop. */
const FINAL_PASS_MS = 5000;
const retryDelay = exponentialBackoff({ baseMs: 200, maxMs: 2000 });

/**
 * Publishes committed outbox events to JetStream in outbox-id order, then marks them published.
 * Runs at boot, right after each use case commits, and on an interval (for events whose publish
 * failed). Events go out pipelined, each stream's in order (an event lost on the way stops the ones
 * after it). The event id is the Nats-Msg-Id, so an event published but not yet marked when the
 * process died is stored once when the next relay sends it again.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, BeforeApplicationShutdown, ConsumerStatus {
  private readonly logger = new Logger(OutboxRelay.name);
  private timer?: NodeJS.Timeout;
  private inFlight?: Promise<number>;
  private again = false;
  private started = false;
  private stopped = false;

  constructor(
    private readonly orm: MikroORM,
    private readonly bus: Bus,
    private readonly consumers: ConsumerRegistry,
    private readonly metrics: MetricsService,
    @Inject(OUTBOX_OPTIONS) private readonly options: OutboxOptions,
  ) {}

  get name(): string {
    return `${this.options.service}-outbox-relay`;
  }

  onApplicationBootstrap(): void {
    this.consumers.register(this.name, this);
    this.started = true;
    this.kick();
    this.timer = setInterval(() => this.kick(), this.options.intervalMs);
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    // A last pass (bounded): what the shutdown itself committed — a run recorded as interrupted, say — leaves
    // now instead of at the next boot. Whatever it cannot send stays in the outbox for the next relay.
    if (this.started && !this.stopped) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        this.flush().catch((e) => this.logger.warn(`outbox not relayed at shutdown: ${(e as Error).message}`)),
        new Promise((resolve) => (timer = setTimeout(resolve, FINAL_PASS_MS))),
      ]);
      clearTimeout(timer);
    }
    this.stopped = true;
    this.consumers.unregister(this.name);
    await this.inFlight?.catch(() => undefined);
  }

  /** Starts a relay pass without waiting for it; a failure is retried by the interval. */
  kick(): void {
    if (this.stopped) return;
    this.flush().catch((e) => this.logger.warn(`outbox not relayed yet: ${(e as Error).message}`));
  }

  /** Publishes everything pending. Calls during a pass share it and schedule one more pass after it. */
  flush(): Promise<number> {
    if (this.inFlight) {
      this.again = true;
      return this.inFlight;
    }
    this.inFlight = this.drain().finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  async info(): Promise<{ running: boolean; pending: number }> {
    const pending = await this.orm.em.fork().count(OutboxEvent, { publishedAt: null });
    return { running: this.started && !this.stopped, pending };
  }

  private async drain(): Promise<number> {
    let total = 0;
    do {
      this.again = false;
      for (;;) {
        const sent = await this.relayBatch();
        total += sent;
        if (sent < BATCH) break;
      }
    } while (this.again && !this.stopped);
    return total;
  }

  private async relayBatch(): Promise<number> {
    let failure: unknown;
    const sent = await this.orm.em.fork().transactional(async (em) => {
      // One relay at a time across instances, so events leave in outbox order.
      const [{ locked }] = await em.execute<{ locked: boolean }[]>(
        `select pg_try_advisory_xact_lock(hashtext(?)) as locked`,
        [`vigie.${this.options.service}.outbox`],
      );
      if (!locked) return 0;
      const rows = await em.find(OutboxEvent, { publishedAt: null }, { orderBy: { id: 'asc' }, limit: BATCH });
      let count = 0;
      for (let attempt = 1; count < rows.length; attempt++) {
        const rest = rows.slice(count);
        const { stored, error } = await publishInOrder(this.bus, rest.map((r) => r.envelope as unknown as Envelope));
        const publishedAt = new Date();
        for (const row of rest.slice(0, stored)) {
          row.publishedAt = publishedAt;
          this.metrics.eventsPublished.inc({ stream: streamOfType(row.eventType as Envelope['type']), type: row.eventType });
        }
        count += stored;
        if (count === rows.length) break;
        if (attempt >= ATTEMPTS || !isTransientNatsError(error)) {
          failure = error;
          break;
        }
        await sleep(retryDelay(attempt));
      }
      return count;
    });
    if (failure) throw failure;
    return sent;
  }
}
