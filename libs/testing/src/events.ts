import { DeliverPolicy, type OrderedConsumerOptions } from '@nats-io/jetstream';
import { safeDecodeEvent, type AnyEvent, type StreamId } from '@vigie/contracts';
import { replayStream, type Bus } from '@vigie/messaging';

export interface FoundEvent<E extends AnyEvent = AnyEvent> {
  event: E;
  seq: number;
  subject: string;
}

export interface WaitForEventOptions {
  timeoutMs?: number;
  filterSubject?: string;
  /** Start reading at this stream sequence (default: the beginning of the stream). */
  fromSeq?: number;
}

/**
 * Reads the stream from `fromSeq` (or its start) and resolves with the first event matching
 * `predicate`, including events published while it waits. Rejects after `timeoutMs` with a list of
 * what it saw, so a failing test says what happened instead.
 */
export function waitForEvent<E extends AnyEvent>(
  bus: Bus,
  stream: StreamId,
  predicate: (event: AnyEvent) => event is E,
  opts?: WaitForEventOptions,
): Promise<FoundEvent<E>>;
export function waitForEvent(
  bus: Bus,
  stream: StreamId,
  predicate: (event: AnyEvent) => boolean,
  opts?: WaitForEventOptions,
): Promise<FoundEvent>;
export async function waitForEvent(
  bus: Bus,
  stream: StreamId,
  predicate: (event: AnyEvent) => boolean,
  opts: WaitForEventOptions = {},
): Promise<FoundEvent> {
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const name = bus.topo.streamName(stream);
  const consumerOpts: Partial<OrderedConsumerOptions> = {
    deliver_policy: DeliverPolicy.StartSequence,
    opt_start_seq: Math.max(1, opts.fromSeq ?? 1),
  };
  if (opts.filterSubject) consumerOpts.filter_subjects = opts.filterSubject;
  const consumer = await bus.js.consumers.get(name, consumerOpts);
  const messages = await consumer.consume({ max_messages: 256 });
  const seen: string[] = [];
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    void messages.close();
  }, timeoutMs);
  try {
    for await (const m of messages) {
      const decoded = safeDecodeEvent(m.data);
      if (!decoded.ok) {
        seen.push(`#${m.seq} ${m.subject} invalid: ${decoded.error.message}`);
        continue;
      }
      if (predicate(decoded.event)) return { event: decoded.event, seq: m.seq, subject: m.subject };
      seen.push(`#${m.seq} ${decoded.event.type} ${m.subject}`);
    }
  } finally {
    clearTimeout(timer);
    await messages.close();
    await consumer.delete().catch(() => undefined);
  }
  const what = timedOut ? `within ${timeoutMs} ms` : '(the read ended early)';
  const shown = seen.length > 30 ? [`… ${seen.length - 30} earlier`, ...seen.slice(-30)] : seen;
  throw new Error(
    `waitForEvent: no matching event on ${name}${opts.filterSubject ? ` (${opts.filterSubject})` : ''} ${what}; ` +
      `saw ${seen.length}:${shown.length ? '\n  ' + shown.join('\n  ') : ' nothing'}`,
  );
}

/** Every valid event currently in the stream (invalid ones are skipped), in order. */
export async function collectEvents(
  bus: Bus,
  stream: StreamId,
  opts: { filterSubject?: string } = {},
): Promise<FoundEvent[]> {
  const out: FoundEvent[] = [];
  for await (const item of replayStream(bus, stream, { filterSubject: opts.filterSubject })) {
    if (item.event) out.push({ event: item.event, seq: item.seq, subject: item.subject });
  }
  return out;
}
