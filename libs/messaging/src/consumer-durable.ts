import type { Consumer, ConsumerConfig, ConsumerInfo, JsMsg } from '@nats-io/jetstream';
import type { StreamId } from '@vigie/contracts';
import { defaultBackoff, type Backoff } from './backoff';
import type { Bus } from './bus';
import { buildDeadLetter, publishDeadLetter, type DeadLetterKind } from './dead-letter';
import { defaultLogger, type MessagingLogger } from './logger';
import { isConsumerNotFound } from './nats-errors';

export interface ConsumerContext {
  stream: StreamId;
  /** The stream's name on the server (namespaced in tests). */
  streamName: string;
  seq: number;
  subject: string;
  deliveryCount: number;
  redelivered: boolean;
  /** When the server stored the message. */
  time: Date;
}

export interface ConsumerStats {
  delivered: number;
  acked: number;
  naked: number;
  deadLettered: number;
  lastError?: string;
  lastAckAt?: Date;
}

export interface ConsumerHandle {
  readonly stream: StreamId;
  readonly durable: string;
  readonly stats: Readonly<ConsumerStats>;
  /** Lets the in-flight message (or batch) finish, then stops pulling. */
  stop(): Promise<void>;
  /** For health checks: is the loop alive, and how many messages wait (unread + unacked). */
  info(): Promise<{ running: boolean; pending: number }>;
}

/** What every durable consumer loop is configured with, whatever it hands its handler. */
export interface DurableOptions {
  stream: StreamId;
  durable: string;
  /** One subject filter (nats-server 2.9 has no `filter_subjects`). Default: the whole stream. */
  filterSubject?: string;
  maxDeliver?: number;
  ackWaitMs?: number;
  /** Nak delay after the n-th failed delivery, for errors that do not say their own delay. */
  backoff?: Backoff;
  logger?: MessagingLogger;
}

export const DEFAULT_MAX_DELIVER = 10;
export const DEFAULT_ACK_WAIT_MS = 30_000;

/**
 * A durable pull consumer's life: creates (or adapts) the durable, survives NATS restarts and the
 * durable's deletion (recreating it) until `stop()`. Subclasses pull and hand messages over.
 */
export abstract class DurableLoop implements ConsumerHandle {
  readonly stream: StreamId;
  readonly durable: string;
  readonly stats: ConsumerStats = { delivered: 0, acked: 0, naked: 0, deadLettered: 0 };
  protected readonly streamName: string;
  protected readonly maxDeliver: number;
  protected readonly ackWaitMs: number;
  protected readonly backoff: Backoff;
  protected readonly logger: MessagingLogger;
  protected stopping = false;
  private running = false;
  private done?: Promise<void>;
  private wake?: () => void;

  constructor(
    protected readonly bus: Bus,
    protected readonly durableOptions: DurableOptions,
  ) {
    this.stream = durableOptions.stream;
    this.durable = durableOptions.durable;
    this.streamName = bus.topo.streamName(durableOptions.stream);
    this.maxDeliver = durableOptions.maxDeliver ?? DEFAULT_MAX_DELIVER;
    this.ackWaitMs = durableOptions.ackWaitMs ?? DEFAULT_ACK_WAIT_MS;
    this.backoff = durableOptions.backoff ?? defaultBackoff;
    this.logger = durableOptions.logger ?? defaultLogger(`Consumer:${durableOptions.durable}`);
    if (this.maxDeliver < 1) throw new Error('maxDeliver must be at least 1');
  }

  /** The durable's configuration on the server. */
  protected abstract desiredConfig(): Partial<ConsumerConfig>;
  /** One round of pulling from the durable; returns (or throws) when it must be recreated or on stop. */
  protected abstract consume(consumer: Consumer): Promise<void>;
  /** Ends the pull in progress, on `stop()`. */
  protected abstract interrupt(): void;

  /** Adapts a durable found on the server before its options are compared (default: as found). */
  protected async reconcile(found: ConsumerInfo, _want: Partial<ConsumerConfig>): Promise<ConsumerInfo> {
    return found;
  }

  async start(): Promise<void> {
    const consumer = await this.ensureDurable();
    this.running = true;
    this.done = this.run(consumer).finally(() => {
      this.running = false;
    });
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.wake?.();
    this.interrupt();
    await this.done;
  }

  async info(): Promise<{ running: boolean; pending: number }> {
    const ci = await this.bus.jsm.consumers.info(this.streamName, this.durable);
    return { running: this.running && !this.stopping, pending: ci.num_pending + ci.num_ack_pending };
  }

  protected async ensureDurable(): Promise<Consumer> {
    const want = this.desiredConfig();
    let ci: ConsumerInfo;
    try {
      ci = await this.bus.jsm.consumers.info(this.streamName, this.durable);
    } catch (e) {
      if (!isConsumerNotFound(e)) throw e;
      ci = await this.bus.jsm.consumers.add(this.streamName, want);
    }
    ci = await this.reconcile(ci, want);
    const c = ci.config;
    const differs =
      c.ack_policy !== want.ack_policy ||
      c.max_deliver !== want.max_deliver ||
      c.ack_wait !== want.ack_wait ||
      c.max_ack_pending !== want.max_ack_pending ||
      (c.filter_subject ?? '') !== (want.filter_subject ?? '');
    if (differs) {
      try {
        ci = await this.bus.jsm.consumers.update(this.streamName, this.durable, {
          max_deliver: want.max_deliver,
          ack_wait: want.ack_wait,
          max_ack_pending: want.max_ack_pending,
          filter_subject: want.filter_subject ?? '',
        });
      } catch (e) {
        throw new Error(
          `consumer ${this.durable} on ${this.streamName} exists with another configuration and cannot be updated ` +
            `(${(e as Error).message}); delete it to recreate it`,
        );
      }
    }
    return this.bus.js.consumers.getConsumerFromInfo(ci);
  }

  private async run(first: Consumer): Promise<void> {
    let consumer: Consumer | undefined = first;
    let failures = 0;
    while (!this.stopping) {
      if (this.bus.isClosed()) {
        this.logger.warn(`consumer ${this.durable} on ${this.streamName} stops: the bus is closed`);
        return;
      }
      try {
        consumer ??= await this.ensureDurable();
        await this.consume(consumer);
        failures = 0;
      } catch (e) {
        failures++;
        this.stats.lastError = (e as Error).message;
        this.logger.warn(`consumer ${this.durable} on ${this.streamName} interrupted: ${(e as Error).message}`);
      }
      consumer = undefined;
      if (!this.stopping && !this.bus.isClosed()) await this.pause(Math.min(30_000, 250 * 2 ** Math.min(failures, 7)));
    }
  }

  /** The subject the server announces this durable's deletion on. */
  protected deletedAdvisory(): string {
    return `$JS.EVENT.ADVISORY.CONSUMER.DELETED.${this.streamName}.${this.durable}`;
  }

  /** Stores the dead-letter record of `m` (deduplicated per stream, durable and sequence). */
  protected async publishDeadLetterOf(m: JsMsg, kind: DeadLetterKind, reason: string, deliveryCount: number): Promise<void> {
    const record = buildDeadLetter({
      streamName: this.streamName,
      durable: this.durable,
      subject: m.subject,
      seq: m.seq,
      deliveryCount,
      kind,
      reason,
      data: m.data,
    });
    await publishDeadLetter(this.bus, record);
  }

  protected where(m: JsMsg): string {
    return `${this.streamName}#${m.seq} (${this.durable})`;
  }

  /** Sleeps `ms`, or less when `stop()` is called meanwhile. */
  protected pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(done, ms);
      function done() {
        clearTimeout(t);
        resolve();
      }
      this.wake = done;
    });
  }
}
