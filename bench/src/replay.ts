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
