import type { PubAck } from '@nats-io/jetstream';
import { decodeEvent, encodeEvent, eventSubject, streamOfType, type AnyEvent, type Envelope } from '@vigie/contracts';
import type { Bus } from './bus';

export interface InOrderResult {
  /** How many events, from the first, are stored (new, or already there under their id). */
  stored: number;
  /** Why the next one is not, when `stored` is short of all. */
  error?: unknown;
}

/**
 * Publishes events in this order without waiting for each ack (`Nats-Msg-Id` = event id, as
 * EventPublisher). Each event but the first of its stream in the call names the one before it as the
 * stream's expected last message (`Nats-Expected-Last-Msg-Id`): if one is lost on the way, those after
 * it in its stream are refused instead of being stored ahead of it. A duplicate (an event already
 * stored) is acknowledged before that check (nats-server 2.9 included), so publishing a run again is safe.
 *
 * Publish the remaining events again, starting with the first not stored. Meant for one publisher
 * per stream (an outbox relay holding its lock); an event stored by anyone else in between makes the
 * next one be refused once, and stored on the next call.
 */
export async function publishInOrder(bus: Bus, events: readonly (Envelope | AnyEvent)[]): Promise<InOrderResult> {
  const lastOfStream = new Map<string, string>();
  const acks: Promise<PubAck>[] = [];
  let error: unknown;
  for (const event of events) {
    let valid: AnyEvent;
    try {
      valid = decodeEvent(event);
    } catch (e) {
      error = e;
      break;
    }
    const stream = streamOfType(valid.type);
    const previous = lastOfStream.get(stream);
    acks.push(
      bus.js.publish(eventSubject(bus.topo, valid), encodeEvent(valid), {
        msgID: valid.id,
        ...(previous ? { expect: { lastMsgID: previous } } : {}),
      }),
    );
    lastOfStream.set(stream, valid.id);
  }
  const settled = await Promise.allSettled(acks);
  const failed = settled.findIndex((s) => s.status === 'rejected');
  if (failed === -1) return error === undefined ? { stored: settled.length } : { stored: settled.length, error };
  return { stored: failed, error: (settled[failed] as PromiseRejectedResult).reason };
}
