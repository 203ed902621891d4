import { replayStream, type Bus } from '@vigie/messaging';
import { AnomalyEnv, persistenceOptions, redetect } from '@vigie/anomaly';
import { createTestDatabase } from '@vigie/testing';
import { INPUT_STREAMS } from './pipeline';
import { rate, timed } from './measure';

const asText = (data: Uint8Array) => Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('utf8');

/**
 * `replayStream` (ordered consumer + contract decoding) over every input stream, as an audit export reads
 * it; `undecoded`: the same loop handing over the stored JSON text, to tell the consumer's share from the
 * contract check's.
 */
export async function replayAll(bus: Bus, opts: { undecoded?: boolean } = {}): Promise<{ events: number; invalid: number; rate: number }> {
  let events = 0;
  let invalid = 0;
  const { ms } = await timed(async () => {
    for (const s of INPUT_STREAMS) {
      for await (const item of replayStream<unknown>(bus, s, opts.undecoded ? { decode: asText } : {})) {
        if (item.event) events += 1;
        else invalid += 1;
      }
    }
  });
  return { events, invalid, rate: rate(events + invalid, ms) };
}

/** Re-detection of the whole history into a fresh database (what `npm run redetect` does). */
export async function redetectAll(
  bus: Bus,
  env: Record<string, string>,
): Promise<{ events: number; anomalies: number; seconds: number; rate: number }> {
  const db = await createTestDatabase('vigie_bench');
  try {
    const config = AnomalyEnv.parse({ ...env, DATABASE_URL: db.url });
    // BENCH_REDETECT_BATCH: events per transaction, to try other sizes than the default (500).
    const batchSize = process.env.BENCH_REDETECT_BATCH ? Number(process.env.BENCH_REDETECT_BATCH) : undefined;
    const { ms, result } = await timed(() => redetect({ bus, persistence: persistenceOptions(config), ...(batchSize ? { batchSize } : {}) }));
    return { events: result.events, anomalies: result.anomalies.length, seconds: Math.round(ms / 100) / 10, rate: rate(result.events, ms) };
  } finally {
    await db.drop();
  }
}

/**
 * The gateway's audit export as a client gets it: `GET /api/audit/events` (NDJSON) of every input stream
 * over all event time, from a gateway in a process of its own; every line counted, an error line fails it.
 */
export async function auditExportHttp(
  gatewayUrl: string,
  token: string,
  streams: readonly string[],
): Promise<{ lines: number; rate: number }> {
  let lines = 0;
  const { ms } = await timed(async () => {
    for (const stream of streams) {
      const query = new URLSearchParams({ stream, from: '2000-01-01', to: '2100-01-01' });
      const res = await fetch(`${gatewayUrl}/api/audit/events?${query}`, { headers: { authorization: `Bearer ${token}` } });
      if (res.status !== 200 || !res.body) throw new Error(`GET /api/audit/events ${stream}: ${res.status} ${(await res.text()).slice(0, 200)}`);
      let tail = '';
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        const text = tail + Buffer.from(chunk).toString('utf8');
        const parts = text.split('\n');
        tail = parts.pop() ?? '';
        for (const line of parts) {
          if (line.startsWith('{"error"')) throw new Error(`GET /api/audit/events ${stream}: ${line.slice(0, 200)}`);
          if (line) lines += 1;
        }
      }
      if (tail) lines += 1;
    }
  });
  return { lines, rate: rate(lines, ms) };
}
