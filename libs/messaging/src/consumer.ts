import { nanos } from '@nats-io/nats-core';
import {
  AckPolicy,
  DeliverPolicy,
  type Consumer,
  type ConsumerConfig,
  type ConsumerMessages,
  type JsMsg,
} from '@nats-io/jetstream';
import { ContractError, decodeEventAt, type AnyEvent } from '@vigie/contracts';
import type { Bus } from './bus';
import { DurableLoop, type ConsumerContext, type ConsumerHandle, type DurableOptions } from './consumer-durable';
import type { DeadLetterKind } from './dead-letter';
import { PoisonError, TransientError } from './errors';

export {
  DEFAULT_ACK_WAIT_MS,
  DEFAULT_MAX_DELIVER,
  type ConsumerContext,
  type ConsumerHandle,
  type ConsumerStats,
  type DurableOptions,
} from './consumer-durable';

export type ConsumerHandler<E> = (event: E, ctx: ConsumerContext) => Promise<void> | void;

export interface ConsumerOptions<E = AnyEvent> extends DurableOptions {
  handler: ConsumerHandler<E>;
  /**
   * Turns bytes into the handler's input; a throw dead-letters the message as `invalid`. Default: a
   * valid event published on the subject its type, siteId and key give (`decodeEventAt`).
   */
  decode?: (data: Uint8Array, subject: string) => E;
}

/** How long an idle pull waits on the server before the client renews it. */
const PULL_EXPIRES_MS = 30_000;
/** Missed heartbeats make the client check that its durable still exists (after 2-3 intervals). */
const PULL_HEARTBEAT_MS = 2_000;

/**
 * Starts a durable pull consumer that hands messages to `handler` one at a time in stream order.
 * Resolves once the durable exists on the server; the loop then survives NATS restarts and
 * consumer deletion (recreating the durable) until `stop()`.
 */
export async function startConsumer<E = AnyEvent>(bus: Bus, opts: ConsumerOptions<E>): Promise<ConsumerHandle> {
  const loop = new ConsumerLoop<E>(bus, opts);
  await loop.start();
  return loop;
}

class ConsumerLoop<E> extends DurableLoop {
  private readonly decode: (data: Uint8Array, subject: string) => E;
  private messages?: ConsumerMessages;

  constructor(
    bus: Bus,
    private readonly opts: ConsumerOptions<E>,
  ) {
    super(bus, opts);
    this.decode = opts.decode ?? ((data, subject) => decodeEventAt(bus.topo, subject, data) as E);
  }

  protected interrupt(): void {
    void this.messages?.close();
  }

  protected desiredConfig(): Partial<ConsumerConfig> {
    return {
      durable_name: this.durable,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      max_deliver: this.maxDeliver,
      ack_wait: nanos(this.ackWaitMs),
      // One message in flight: a nak'd message is retried before any later one is delivered,
      // so handlers see the stream's order even across failures.
      max_ack_pending: 1,
      ...(this.opts.filterSubject ? { filter_subject: this.opts.filterSubject } : {}),
    };
  }

  protected async consume(consumer: Consumer): Promise<void> {
    // max_ack_pending 1 already keeps a single message in flight; a larger pull batch only saves
    // one pull request per message.
    const messages = await consumer.consume({
      max_messages: 64,
      expires: PULL_EXPIRES_MS,
      idle_heartbeat: PULL_HEARTBEAT_MS,
    });
    this.messages = messages;
    if (this.stopping) void messages.close();
    void this.watch(messages);
    // A pull sent after the durable was deleted gets no answer at all; the server's advisory is
    // the only immediate sign.
    const deleted = this.bus.nc.subscribe(this.deletedAdvisory(), {
      callback: () => {
        this.logger.warn(`consumer ${this.durable} on ${this.streamName} was deleted; recreating`);
        void messages.close();
      },
    });
    try {
      for await (const m of messages) {
        if (this.stopping) {
          // Hand it straight back so the next instance does not wait for ack_wait.
          m.nak();
          continue;
        }
        await this.handle(m);
      }
    } finally {
      deleted.unsubscribe();
    }
  }

  /**
   * The client keeps pulling from a deleted durable (or stream) forever; end this round at the first
   * sign so `run` recreates it.
   */
  private async watch(messages: ConsumerMessages): Promise<void> {
    for await (const s of messages.status()) {
      if (
        s.type === 'consumer_deleted' ||
        s.type === 'consumer_not_found' ||
        s.type === 'stream_not_found' ||
        s.type === 'no_responders'
      ) {
        this.logger.warn(`consumer ${this.durable} on ${this.streamName}: ${s.type}; recreating`);
        void messages.close();
        return;
      }
    }
  }

  private async handle(m: JsMsg): Promise<void> {
    this.stats.delivered++;
    const ctx: ConsumerContext = {
      stream: this.stream,
      streamName: this.streamName,
      seq: m.seq,
      subject: m.subject,
      deliveryCount: m.info.deliveryCount,
      redelivered: m.redelivered,
      time: m.time,
    };
    let event: E;
    try {
      event = this.decode(m.data, m.subject);
    } catch (e) {
      const reason = e instanceof ContractError ? e.message : `undecodable: ${(e as Error).message}`;
      await this.deadLetter(m, 'invalid', reason);
      return;
    }
    // Long handlers tell the server they are alive so the message is not redelivered meanwhile.
    const keepAlive = setInterval(() => m.working(), Math.max(1000, Math.floor(this.ackWaitMs / 3)));
    try {
      await this.opts.handler(event, ctx);
    } catch (e) {
      clearInterval(keepAlive);
      await this.fail(m, e);
      return;
    }
    clearInterval(keepAlive);
    try {
      await m.ackAck();
      this.stats.acked++;
      this.stats.lastAckAt = new Date();
    } catch (e) {
      // The effect is committed but the ack is unconfirmed: it will be redelivered, and every
      // handler must treat a second delivery as a no-op.
      this.stats.lastError = `ack not confirmed: ${(e as Error).message}`;
      this.logger.warn(`${this.where(m)}: ack not confirmed (${(e as Error).message})`);
    }
  }

  private async fail(m: JsMsg, e: unknown): Promise<void> {
    const message = e instanceof Error ? e.message : String(e);
    this.stats.lastError = message;
    const n = m.info.deliveryCount;
    if (e instanceof PoisonError || e instanceof ContractError) {
      // A contract broken inside the handler (a nested payload, an upcaster) fails the same way every time.
      await this.deadLetter(m, 'poison', message);
    } else if (n >= this.maxDeliver) {
      // The server will not deliver it again: dead-letter rather than lose it silently.
      await this.deadLetter(m, 'max-deliveries', `${message} (after ${n} deliveries)`);
    } else {
      const delay = e instanceof TransientError && e.delayMs !== undefined ? e.delayMs : this.backoff(n);
      this.logger.warn(`${this.where(m)}: delivery ${n} failed, retry in ${delay} ms: ${message}`);
      this.nak(m, delay);
    }
  }

  private async deadLetter(m: JsMsg, kind: DeadLetterKind, reason: string): Promise<void> {
    this.stats.lastError = reason;
    if (this.stream === 'DEADLETTER') {
      // A failing reader of dead letters must not feed its own stream forever.
      this.logger.error(`${this.where(m)}: dropped (${kind}): ${reason}`);
      m.term();
      return;
    }
    const lastChance = m.info.deliveryCount >= this.maxDeliver;
    for (let attempt = 1; ; attempt++) {
      try {
        await this.publishDeadLetterOf(m, kind, reason, m.info.deliveryCount);
        break;
      } catch (e) {
        this.logger.error(`${this.where(m)}: dead-lettering failed: ${(e as Error).message}`);
        // After its last delivery the server would drop a nak'd message: hold it and keep trying.
        if (!lastChance || this.stopping || this.bus.isClosed()) {
          this.nak(m, this.backoff(m.info.deliveryCount));
          return;
        }
        m.working();
        await this.pause(Math.min(this.backoff(attempt), Math.max(500, this.ackWaitMs / 3)));
      }
    }
    // nats-server 2.9 ignores term(reason) and redelivers: terminate without a reason.
    m.term();
    this.stats.deadLettered++;
    this.logger.warn(`${this.where(m)}: dead-lettered (${kind}): ${reason}`);
  }

  private nak(m: JsMsg, delayMs: number): void {
    m.nak(delayMs);
    this.stats.naked++;
  }
}
