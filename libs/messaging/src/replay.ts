import { DeliverPolicy, type JsMsg, type OrderedConsumerOptions } from '@nats-io/jetstream';
import { ContractError, decodeEvent, type AnyEvent, type StreamId } from '@vigie/contracts';
import type { Bus } from './bus';

export interface ReplayOptions<E = AnyEvent> {
  /** First stream sequence to read (default: the first in the stream). Exclusive with `fromTime`. */
  fromSeq?: number;
  /** First message stored at or after this time (server time). */
  fromTime?: Date;
  /** Last sequence to read (default: the last sequence when the replay starts). */
  toSeq?: number;
  filterSubject?: string;
  decode?: (data: Uint8Array) => E;
}

export interface ReplayItem<E = AnyEvent> {
  seq: number;
  subject: string;
  /** When the server stored the message. */
  time: Date;
  event?: E;
  /** Set instead of `event` for history that breaks its contract: a replay never stops on it. */
  error?: ContractError;
}

/**
 * Reads a stream in order through an ordered consumer (ack-less, recreated by the client on gaps
 * or reconnects) and ends at `toSeq`, so it is safe on a stream that keeps growing.
 */
export async function* replayStream<E = AnyEvent>(
  bus: Bus,
  stream: StreamId,
  opts: ReplayOptions<E> = {},
): AsyncGenerator<ReplayItem<E>, void, undefined> {
  if (opts.fromSeq !== undefined && opts.fromTime !== undefined) {
    throw new Error('replayStream: give fromSeq or fromTime, not both');
  }
  const decode = opts.decode ?? (decodeEvent as unknown as (data: Uint8Array) => E);
  const name = bus.topo.streamName(stream);
  const { state } = await bus.jsm.streams.info(name);
  const toSeq = opts.toSeq ?? state.last_seq;
  const fromSeq = Math.max(opts.fromSeq ?? 1, 1);
  if (state.messages === 0 || toSeq < state.first_seq || fromSeq > toSeq) return;

  const consumerOpts: Partial<OrderedConsumerOptions> = opts.fromTime
    ? { deliver_policy: DeliverPolicy.StartTime, opt_start_time: opts.fromTime.toISOString() }
    : { deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: fromSeq };
  if (opts.filterSubject) consumerOpts.filter_subjects = opts.filterSubject;
  const consumer = await bus.js.consumers.get(name, consumerOpts);
  try {
    if ((await consumer.info(true)).num_pending === 0) return;
    const messages = await consumer.consume({ max_messages: 256 });
    try {
      for await (const m of messages) {
        if (m.seq > toSeq) break;
        yield toItem(m, decode);
        if (m.seq >= toSeq || m.info.pending === 0) break;
      }
    } finally {
      await messages.close();
    }
  } finally {
    await consumer.delete().catch(() => undefined);
  }
}

function toItem<E>(m: JsMsg, decode: (data: Uint8Array) => E): ReplayItem<E> {
  const base = { seq: m.seq, subject: m.subject, time: m.time };
  try {
    return { ...base, event: decode(m.data) };
  } catch (e) {
    const error =
      e instanceof ContractError ? e : new ContractError('undecodable message', [{ path: '', message: String(e) }]);
    return { ...base, error };
  }
}
