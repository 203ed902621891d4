import { nanos } from '@nats-io/nats-core';
import {
  AckPolicy,
  DeliverPolicy,
  type Consumer,
  type ConsumerConfig,
  type ConsumerInfo,
  type ConsumerMessages,
  type JsMsg,
  type MsgRequest,
  type NextMsgRequest,
} from '@nats-io/jetstream';
import { ContractError, decodeEventAt, type AnyEvent } from '@vigie/contracts';
import type { Bus } from './bus';
import { DurableLoop, type ConsumerContext, type ConsumerHandle, type DurableOptions } from './consumer-durable';
import type { DeadLetterKind } from './dead-letter';
import { PoisonError, TransientError } from './errors';

export interface BatchItem<E = AnyEvent> {
  event: E;
  ctx: ConsumerContext;
}

/** Resolves once the effects of every item are committed; throws to have none of them acknowledged. */
export type BatchHandler<E> = (items: BatchItem<E>[]) => Promise<void> | void;

export interface BatchConsumerOptions<E = AnyEvent> extends DurableOptions {
  /** Most messages handed over at once (default 500). */
  maxMessages?: number;
  handler: BatchHandler<E>;
  /**
   * Turns bytes into the handler's input; a throw dead-letters the message as `invalid`. Default: a
   * valid event published on the subject its type, siteId and key give (`decodeEventAt`).
   */
  decode?: (data: Uint8Array, subject: string) => E;
}

export const DEFAULT_BATCH_MAX_MESSAGES = 500;
/** How long an idle pull waits on the server before it is renewed. */
const IDLE_PULL_EXPIRES_MS = 30_000;
/** A pull for messages the server said are there; the client refuses less than 1 s. */
const SHORT_PULL_EXPIRES_MS = 1_000;
/** Longest wait before pulling again after handing messages back to the server. */
const HAND_BACK_MAX_PAUSE_MS = 2_000;
/** Missed heartbeats end an idle pull, so a vanished durable is noticed within a few seconds. */
const PULL_HEARTBEAT_MS = 2_000;

/**
 * Starts a durable pull consumer that hands messages to `handler` in batches, in stream order, and
 * acknowledges a batch with ONE ack after the handler resolves.
 *
 * - Batches are what is there: an idle consumer waits for one message, then takes at once as many as
 *   the server says are pending (up to `maxMessages`). A lone event is handed over alone, without delay;
 *   a backlog goes by `maxMessages`.
 * - The durable acks with `ack_policy: all`: acknowledging the last message of a batch acknowledges all
 *   before it. Before handing a batch over, the consumer checks that it holds every unacknowledged message
 *   of the durable (a message left by a crashed process or held by a second instance would otherwise be
 *   skipped by that ack, or handled out of order); if it does not, it waits for them (holding its own)
 *   when it holds the oldest, else hands its own back in order and retries later.
 * - Invalid messages are dead-lettered one by one and left out of the batch.
 * - When the handler throws, nothing is acknowledged: the same messages are handed over again one at a
 *   time, in order, so the failing one is found; it is retried with backoff and dead-lettered after
 *   `maxDeliver` deliveries (or at once for a PoisonError), and the others go through.
 *
 * The handler must make a redelivered message a no-op (e.g. a checkpoint of the last applied sequence
 * committed with the effects): an ack can be lost after a commit.
 */
export async function startBatchConsumer<E = AnyEvent>(bus: Bus, opts: BatchConsumerOptions<E>): Promise<ConsumerHandle> {
  const loop = new BatchConsumerLoop<E>(bus, opts);
  await loop.start();
  return loop;
}

type Ownership = 'all' | 'oldest' | 'not-oldest';

class BatchConsumerLoop<E> extends DurableLoop {
  private readonly decode: (data: Uint8Array, subject: string) => E;
  private readonly maxMessages: number;
  /** Messages delivered to this loop and not acknowledged yet, by stream sequence (latest delivery). */
  private readonly held = new Map<number, JsMsg>();
  private pull?: ConsumerMessages;
  private deleted = false;
  /** Messages the server said were still pending after the last one received. */
  private backlog = 0;
  /** While holding: unacknowledged messages of the durable this loop does not hold (yet). */
  private missing = 0;
  /** After handing messages back: how many unacknowledged messages the durable had (redeliverable now or later). */
  private unacked = 0;
  /** Since when this loop has held the oldest unacknowledged message while waiting for others. */
  private waitingSince?: number;
  private handBacks = 0;

  constructor(
    bus: Bus,
    private readonly opts: BatchConsumerOptions<E>,
  ) {
    super(bus, opts);
    this.decode = opts.decode ?? ((data, subject) => decodeEventAt(bus.topo, subject, data) as E);
    this.maxMessages = opts.maxMessages ?? DEFAULT_BATCH_MAX_MESSAGES;
    if (this.maxMessages < 1) throw new Error('maxMessages must be at least 1');
  }

  protected interrupt(): void {
    void this.pull?.close();
  }

  protected desiredConfig(): Partial<ConsumerConfig> {
    return {
      durable_name: this.durable,
      ack_policy: AckPolicy.All,
      deliver_policy: DeliverPolicy.All,
      // Deliveries are counted here, per message handed over alone (see `retryOneByOne`); a server-side
      // limit would silently drop a message that was merely handed back.
      max_deliver: -1,
      ack_wait: nanos(this.ackWaitMs),
      // Room for a batch and the one being gathered while waiting for a message held elsewhere.
      max_ack_pending: 2 * this.maxMessages,
      ...(this.opts.filterSubject ? { filter_subject: this.opts.filterSubject } : {}),
    };
  }

  /**
   * A durable's ack policy cannot be updated. One made by the one-at-a-time consumer (explicit acks,
   * one in flight) is replaced by one that starts right after its ack floor: what it acknowledged is not
   * delivered again, what it had in flight is.
   */
  protected async reconcile(found: ConsumerInfo, want: Partial<ConsumerConfig>): Promise<ConsumerInfo> {
    if (found.config.ack_policy === AckPolicy.All) return found;
    const floor = found.ack_floor.stream_seq;
    this.logger.warn(
      `consumer ${this.durable} on ${this.streamName}: replacing its ${found.config.ack_policy}-ack durable, resuming after #${floor}`,
    );
    await this.bus.jsm.consumers.delete(this.streamName, this.durable);
    return this.bus.jsm.consumers.add(this.streamName, {
      ...want,
      ...(floor > 0 ? { deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: floor + 1 } : {}),
    });
  }

  protected async consume(consumer: Consumer): Promise<void> {
    this.deleted = false;
    this.backlog = 0;
    // A pull sent after the durable was deleted gets no answer at all; the server's advisory is
    // the only immediate sign.
    const deleted = this.bus.nc.subscribe(this.deletedAdvisory(), {
      callback: () => {
        this.logger.warn(`consumer ${this.durable} on ${this.streamName} was deleted; recreating`);
        this.deleted = true;
        void this.pull?.close();
      },
    });
    // Held messages (a batch being handled, or gathered while waiting) must not be redelivered meanwhile.
    const keepAlive = setInterval(() => {
      for (const m of this.held.values()) m.working();
    }, Math.max(1000, Math.floor(this.ackWaitMs / 3)));
    try {
      while (!this.stopping && !this.deleted) {
        await this.receive(consumer);
        if (this.stopping || this.deleted || this.held.size === 0) continue;
        let ownership = await this.ownership(consumer);
        if (ownership !== 'oldest') this.waitingSince = undefined;
        else if (this.waitedTooLong()) ownership = 'all';
        if (ownership === 'all') {
          await this.handleHeld();
          this.handBacks = 0;
          this.unacked = 0;
        } else if (ownership === 'not-oldest') {
          this.unacked = this.missing + this.held.size;
          this.handBack([...this.held.keys()]);
          this.handBacks++;
          // Short: the oldest may only be waiting for its ack_wait to run out (a crashed process had it).
          const delay = Math.min(HAND_BACK_MAX_PAUSE_MS, 100 * 2 ** Math.min(this.handBacks, 7));
          await this.pause(delay * (0.5 + Math.random()));
        }
        // 'oldest': keep holding and pull again; what is missing comes back to us.
      }
    } finally {
      clearInterval(keepAlive);
      deleted.unsubscribe();
      // So the next owner gets them at once, in order, instead of after ack_wait.
      this.handBack([...this.held.keys()]);
    }
  }

  private async receive(consumer: Consumer): Promise<void> {
    let msgs: JsMsg[];
    if (this.held.size > 0) {
      // Redeliveries (handed back, or after ack_wait) come before anything new.
      msgs = await this.fetch(consumer, Math.max(1, Math.min(this.missing, this.maxMessages)), SHORT_PULL_EXPIRES_MS);
    } else if (this.backlog > 0 || this.unacked > 0) {
      // Pending redeliveries are not in the server's count of pending messages: ask for them too, at once.
      msgs = await this.fetch(consumer, Math.min(Math.max(this.backlog, this.unacked), this.maxMessages), SHORT_PULL_EXPIRES_MS);
      if (msgs.length === 0) this.unacked = 0;
    } else {
      msgs = await this.fetch(consumer, 1, IDLE_PULL_EXPIRES_MS);
      const more = Math.min(msgs.at(-1)?.info.pending ?? 0, this.maxMessages - 1);
      if (more > 0 && !this.stopping) msgs.push(...(await this.fetch(consumer, more, SHORT_PULL_EXPIRES_MS)));
    }
    this.stats.delivered += msgs.length;
    for (const m of msgs) this.held.set(m.seq, m);
    this.backlog = msgs.at(-1)?.info.pending ?? 0;
  }

  /**
   * Holding the oldest unacknowledged message, every other one reaches this loop within ack_wait (from a
   * dead process) or a hand-back (from a live one). What is still missing after twice that is not coming
   * (e.g. removed from the stream while pending): go on rather than stall the durable.
   */
  private waitedTooLong(): boolean {
    this.waitingSince ??= Date.now();
    if (Date.now() - this.waitingSince < 2 * this.ackWaitMs) return false;
    this.logger.warn(`consumer ${this.durable} on ${this.streamName}: ${this.missing} unacknowledged message(s) never came back; going on`);
    this.waitingSince = undefined;
    return true;
  }

  /** One pull request; ends when `max` messages came or it expired (a message pulled is never left behind). */
  private async fetch(consumer: Consumer, max: number, expiresMs: number): Promise<JsMsg[]> {
    const pull = await consumer.fetch({
      max_messages: max,
      expires: expiresMs,
      idle_heartbeat: Math.min(PULL_HEARTBEAT_MS, expiresMs / 2),
    });
    this.pull = pull;
    if (this.stopping || this.deleted) void pull.close();
    const out: JsMsg[] = [];
    try {
      for await (const m of pull) out.push(m);
    } catch (e) {
      this.nakInOrder(out);
      throw e;
    } finally {
      this.pull = undefined;
    }
    return out;
  }

  /**
   * Does this loop hold every unacknowledged message of the durable? If not, does it hold the oldest one
   * (then the rest will come to it: wait), or does someone else (then hand ours back)?
   */
  private async ownership(consumer: Consumer): Promise<Ownership> {
    const ci = await consumer.info();
    // Acknowledged meanwhile by the ack of a later message (another instance got them after ack_wait).
    for (const seq of this.held.keys()) if (seq <= ci.ack_floor.stream_seq) this.held.delete(seq);
    if (this.held.size === 0) return 'all';
    if (ci.num_ack_pending <= this.held.size) return 'all';
    this.missing = ci.num_ack_pending - this.held.size;
    const oldestHeld = Math.min(...this.held.keys());
    // The server (2.9 included) answers next_by_subj on STREAM.MSG.GET; the client types it for direct gets only.
    const oldest: NextMsgRequest = { next_by_subj: this.opts.filterSubject ?? '>', seq: ci.ack_floor.stream_seq + 1 };
    const next = await this.bus.jsm.streams.getMessage(this.streamName, oldest as unknown as MsgRequest);
    return !next || next.seq >= oldestHeld ? 'oldest' : 'not-oldest';
  }

  private async handleHeld(): Promise<void> {
    const msgs = [...this.held.values()].sort((a, b) => a.seq - b.seq);
    const items: { m: JsMsg; item: BatchItem<E> }[] = [];
    let cut = msgs.length;
    for (let i = 0; i < msgs.length; i++) {
      const m = msgs[i];
      const ctx = this.contextOf(m, 1);
      let event: E;
      try {
        event = this.decode(m.data, m.subject);
      } catch (e) {
        const reason = e instanceof ContractError ? e.message : `undecodable: ${(e as Error).message}`;
        // The batch's ack will cover it: it may only be acknowledged once its dead letter is stored.
        if (!(await this.deadLetter(m, 'invalid', reason, ctx.deliveryCount))) {
          cut = i;
          break;
        }
        continue;
      }
      items.push({ m, item: { event, ctx } });
    }
    const batch = msgs.slice(0, cut);
    const rest = msgs.slice(cut);
    if (rest.length > 0) this.handBack(rest.map((m) => m.seq));
    if (items.length > 0) {
      try {
        await this.opts.handler(items.map((i) => i.item));
      } catch (e) {
        // Stopped half-way: what is left is handed back, in order, when the loop ends.
        if (!(await this.retryOneByOne(items, e))) return;
      }
    }
    if (batch.length > 0) await this.ack(batch.at(-1)!);
    if (rest.length > 0) await this.pause(this.backoff(1));
  }

  /** After a failed batch: each message alone, in order, so the one that fails is found and only it waits. */
  private async retryOneByOne(items: { m: JsMsg; item: BatchItem<E> }[], batchError: unknown): Promise<boolean> {
    this.noteFailure(`batch of ${items.length} failed, retrying one by one: ${messageOf(batchError)}`);
    await this.pause(this.delayAfter(batchError, 1));
    for (const { m, item } of items) {
      for (let delivery = 2; ; delivery++) {
        if (this.stopping) return false;
        const ctx = this.contextOf(m, delivery);
        let error: unknown;
        try {
          await this.opts.handler([{ event: item.event, ctx }]);
        } catch (e) {
          error = e;
        }
        if (error === undefined) {
          await this.ack(m);
          break;
        }
        const message = messageOf(error);
        this.stats.lastError = message;
        if (error instanceof PoisonError || error instanceof ContractError) {
          // A contract broken inside the handler (a nested payload, an upcaster) fails the same way every time.
          if (await this.deadLetterHeld(m, 'poison', message, ctx.deliveryCount)) break;
          return false;
        }
        // Attempts are counted here: the server's count also grows each time a message is handed back.
        if (delivery >= this.maxDeliver) {
          const reason = `${message} (after ${delivery} deliveries)`;
          if (await this.deadLetterHeld(m, 'max-deliveries', reason, ctx.deliveryCount)) break;
          return false;
        }
        const delay = this.delayAfter(error, delivery);
        this.logger.warn(`${this.where(m)}: delivery ${delivery} failed, retry in ${delay} ms: ${message}`);
        await this.pause(delay);
      }
    }
    return true;
  }

  /** Dead-letters a message handed over alone, then acknowledges it; keeps trying while it cannot. */
  private async deadLetterHeld(m: JsMsg, kind: DeadLetterKind, reason: string, deliveryCount: number): Promise<boolean> {
    for (let attempt = 1; !this.stopping; attempt++) {
      if (await this.deadLetter(m, kind, reason, deliveryCount)) {
        await this.ack(m);
        return true;
      }
      await this.pause(this.backoff(attempt));
    }
    return false;
  }

  /** Stores the dead letter; false when that failed (the message must then not be acknowledged). */
  private async deadLetter(m: JsMsg, kind: DeadLetterKind, reason: string, deliveryCount: number): Promise<boolean> {
    this.stats.lastError = reason;
    if (this.stream === 'DEADLETTER') {
      // A failing reader of dead letters must not feed its own stream forever.
      this.logger.error(`${this.where(m)}: dropped (${kind}): ${reason}`);
      return true;
    }
    try {
      await this.publishDeadLetterOf(m, kind, reason, deliveryCount);
    } catch (e) {
      this.logger.error(`${this.where(m)}: dead-lettering failed: ${(e as Error).message}`);
      return false;
    }
    this.stats.deadLettered++;
    this.logger.warn(`${this.where(m)}: dead-lettered (${kind}): ${reason}`);
    return true;
  }

  /** With `ack_policy: all`, acknowledging `last` acknowledges every message before it too. */
  private async ack(last: JsMsg): Promise<void> {
    let covered = 0;
    for (const seq of this.held.keys()) {
      if (seq <= last.seq) {
        this.held.delete(seq);
        covered++;
      }
    }
    if (covered === 0) return;
    try {
      await last.ackAck();
      this.stats.acked += covered;
      this.stats.lastAckAt = new Date();
    } catch (e) {
      // The effects are committed but the ack is unconfirmed: the messages come back (at worst after
      // ack_wait) and the handler must treat them as already applied.
      this.stats.lastError = `ack not confirmed: ${(e as Error).message}`;
      this.logger.warn(`${this.where(last)}: ack not confirmed (${(e as Error).message})`);
    }
  }

  /** Returns held messages to the server in stream order: redeliveries go out in the order naks arrive. */
  private handBack(seqs: number[]): void {
    const msgs = seqs.flatMap((seq) => this.held.get(seq) ?? []);
    for (const m of msgs) this.held.delete(m.seq);
    this.nakInOrder(msgs);
  }

  private nakInOrder(msgs: JsMsg[]): void {
    for (const m of [...msgs].sort((a, b) => a.seq - b.seq)) {
      m.nak();
      this.stats.naked++;
    }
  }

  private contextOf(m: JsMsg, delivery: number): ConsumerContext {
    const deliveryCount = m.info.deliveryCount + delivery - 1;
    return {
      stream: this.stream,
      streamName: this.streamName,
      seq: m.seq,
      subject: m.subject,
      deliveryCount,
      redelivered: deliveryCount > 1,
      time: m.time,
    };
  }

  private delayAfter(e: unknown, deliveryCount: number): number {
    return e instanceof TransientError && e.delayMs !== undefined ? e.delayMs : this.backoff(deliveryCount);
  }

  private noteFailure(message: string): void {
    this.stats.lastError = message;
    this.logger.warn(`consumer ${this.durable} on ${this.streamName}: ${message}`);
  }
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
