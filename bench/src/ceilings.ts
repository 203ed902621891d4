import { AckPolicy, DeliverPolicy } from '@nats-io/jetstream';
import type { StreamId } from '@vigie/contracts';
import type { Bus } from '@vigie/messaging';
import { rate, timed } from './measure';

const WINDOW = 256;

/** Publishes with at most `window` acks outstanding; resolves once every publish is acked. */
export async function pipelined<T>(items: Iterable<T>, publish: (item: T) => Promise<unknown>, window = WINDOW): Promise<number> {
  let n = 0;
  let inflight: Promise<unknown>[] = [];
  for (const item of items) {
    inflight.push(publish(item));
    n += 1;
    if (inflight.length >= window) {
      await Promise.all(inflight);
      inflight = [];
    }
  }
  await Promise.all(inflight);
  return n;
}

export interface RawCeilings {
  /** Plain `js.publish` of the workload's own payloads, `WINDOW` in flight, msg/s. */
  publish: number;
  /** A durable pull consumer (`consume`, explicit ack of each message) over the same messages, msg/s. */
  consume: number;
}

/**
 * The raw JetStream ceiling of this machine and server, on messages the size of the workload's events:
 * a stream of our own, no validation, no decoding, no database.
 */
export async function rawCeilings(bus: Bus, payloads: readonly Uint8Array[], count: number): Promise<RawCeilings> {
  const name = `${bus.topo.namespace.toUpperCase()}_BENCHRAW`;
  const subject = `${bus.topo.root}.benchraw.x`;
  await bus.jsm.streams.add({ name, subjects: [`${bus.topo.root}.benchraw.>`] });
  try {
    const indices = (function* () {
      for (let i = 0; i < count; i++) yield payloads[i % payloads.length];
    })();
    const { ms: pubMs } = await timed(() => pipelined(indices, (p) => bus.js.publish(subject, p)));
    await bus.jsm.consumers.add(name, { durable_name: 'raw', ack_policy: AckPolicy.Explicit, deliver_policy: DeliverPolicy.All });
    const consumer = await bus.js.consumers.get(name, 'raw');
    const { ms: subMs } = await timed(async () => {
      const messages = await consumer.consume({ max_messages: 1000 });
      let n = 0;
      for await (const m of messages) {
        m.ack();
        if (++n >= count) break;
      }
      await messages.close();
    });
    return { publish: rate(count, pubMs), consume: rate(count, subMs) };
  } finally {
    await bus.jsm.streams.delete(name).catch(() => undefined);
  }
}

/** An ordered consumer reading whole streams without decoding: the ceiling of an audit export. */
export async function rawOrderedRead(bus: Bus, streams: readonly StreamId[]): Promise<{ messages: number; rate: number }> {
  let messages = 0;
  const { ms } = await timed(async () => {
    for (const stream of streams) {
      const name = bus.topo.streamName(stream);
      const { state } = await bus.jsm.streams.info(name);
      if (state.messages === 0) continue;
      const consumer = await bus.js.consumers.get(name, { deliver_policy: DeliverPolicy.All });
      const iter = await consumer.consume({ max_messages: 256 });
      for await (const m of iter) {
        messages += 1;
        if (m.seq >= state.last_seq || m.info.pending === 0) break;
      }
      await iter.close();
      await consumer.delete().catch(() => undefined);
    }
  });
  return { messages, rate: rate(messages, ms) };
}
