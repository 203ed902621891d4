import type { Bus } from '@vigie/messaging';
import { KPI_PROJECTIONS } from './index';
import { PROJECTIONS_DURABLE } from './kpi-projections.consumer';

/** Reads until `check` stops throwing, or rethrows its last failure after `timeoutMs`. */
export async function eventually<T>(read: () => Promise<T>, check: (value: T) => void, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    try {
      check(value);
      return value;
    } catch (e) {
      if (Date.now() > deadline) throw e;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

/** Waits until every projection durable has been delivered its stream's last message and acked it (= committed). */
export async function projectionsCaughtUp(bus: Bus): Promise<void> {
  for (const p of KPI_PROJECTIONS) {
    const name = bus.topo.streamName(p.stream);
    await eventually(
      async () => {
        const [stream, consumer] = await Promise.all([
          bus.jsm.streams.info(name),
          bus.jsm.consumers.info(name, PROJECTIONS_DURABLE).catch(() => undefined),
        ]);
        return { last: stream.state.last_seq, consumer };
      },
      ({ last, consumer }) => {
        if (!consumer) throw new Error(`${PROJECTIONS_DURABLE} on ${name} does not exist (yet)`);
        if (consumer.delivered.stream_seq !== last || consumer.num_pending + consumer.num_ack_pending > 0) {
          throw new Error(`${PROJECTIONS_DURABLE} on ${name} at ${consumer.delivered.stream_seq} of ${last}`);
        }
      },
    );
  }
}
