import { Injectable } from '@nestjs/common';
import { JetStreamApiError, type PubAck } from '@nats-io/jetstream';
import { encodeEvent, eventSubject, streamOfType, type AnyEvent } from '@vigie/contracts';
import { Bus, exponentialBackoff, isTransientNatsError, sleep } from '@vigie/messaging';

/** nats-server's JSStreamWrongLastMsgIDErrF: the `Nats-Expected-Last-Msg-Id` of a publish did not hold. */
const WRONG_LAST_MSG_ID = 10070;
/** As EventPublisher: tries of one event while NATS times out or has no JetStream responder. */
const ATTEMPTS = 5;
const backoff = exponentialBackoff({ baseMs: 200, maxMs: 2000 });

export interface StoredAck {
  stream: string;
  seq: number;
  /** The server already held this event id: nothing new was stored. */
  duplicate: boolean;
}

/** `events[position]` could not be stored, and nothing after it was published. */
export class BatchPublishError extends Error {
  constructor(
    readonly position: number,
    override readonly cause: unknown,
  ) {
    super(cause instanceof Error ? cause.message : String(cause));
  }
}

function isWrongLastMsgId(e: unknown): boolean {
  if (e instanceof JetStreamApiError) return e.code === WRONG_LAST_MSG_ID;
  return e instanceof Error && /wrong last msg ?id/i.test(e.message);
}

/**
 * Publishes already validated events (`Nats-Msg-Id` = event id) in their order without waiting for
 * each ack within a run of consecutive events of one stream; a run starts once the run before it is
 * acked, so an event that cannot be stored has nothing after it stored, in any stream. Within a run
 * each event names the one before it as its stream's expected last message id: if one is lost, those
 * after it are refused rather than stored ahead of it, and are published again from the first not
 * stored (a duplicate is acked before that check, so publishing again is safe; an event of another
 * request stored in between makes the next one be refused once, and published again the same way).
 */
@Injectable()
export class BatchPublisher {
  constructor(private readonly bus: Bus) {}

  /** Calls `onStored` for each event stored, then resolves; throws BatchPublishError at the first that is not. */
  async publish(events: readonly AnyEvent[], onStored: (position: number, ack: StoredAck) => void): Promise<void> {
    const streams = events.map((e) => streamOfType(e.type));
    for (let start = 0; start < events.length; ) {
      let end = start + 1;
      while (end < events.length && streams[end] === streams[start]) end += 1;
      const from = start;
      await this.publishRun(events, from, end, onStored);
      start = end;
    }
  }

  private async publishRun(
    events: readonly AnyEvent[],
    start: number,
    end: number,
    onStored: (position: number, ack: StoredAck) => void,
  ): Promise<void> {
    let attempt = 0;
    while (start < end) {
      const acks: Promise<PubAck>[] = [];
      for (let k = start; k < end; k++) {
        const event = events[k];
        acks.push(
          this.bus.js.publish(eventSubject(this.bus.topo, event), encodeEvent(event), {
            msgID: event.id,
            ...(k > start ? { expect: { lastMsgID: events[k - 1].id } } : {}),
          }),
        );
      }
      const settled = await Promise.allSettled(acks);
      let k = 0;
      for (; k < settled.length; k++) {
        const s = settled[k];
        if (s.status === 'rejected') break;
        onStored(start + k, { stream: s.value.stream, seq: s.value.seq, duplicate: s.value.duplicate });
      }
      if (k === settled.length) return;
      const error = (settled[k] as PromiseRejectedResult).reason;
      if (k > 0) attempt = 0;
      start += k;
      // The first event of the next try carries no expectation, so every try stores at least one event or fails otherwise.
      if (k > 0 && isWrongLastMsgId(error)) continue;
      attempt += 1;
      if (attempt >= ATTEMPTS || !isTransientNatsError(error)) throw new BatchPublishError(start, error);
      await sleep(backoff(attempt));
    }
  }
}
