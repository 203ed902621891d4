import type { AnyEvent } from '@vigie/contracts';
import { benchEnvironment } from './environment';
import { spawnService } from './pipeline';
import { rate, timed } from './measure';
import { workload, type WorkloadShape } from './workload';

export const GATEWAY_AUTH = {
  AUTH_SECRET: 'bench-secret-0123456789abcdef0123456789abcdef',
  ADMIN_BOOTSTRAP_LOGIN: 'admin',
  ADMIN_BOOTSTRAP_PASSWORD: 'mot de passe du banc de mesure',
} as const;

const BATCH = 1000;

export interface IngestRun {
  clients: number;
  events: number;
  rate: number;
}

async function postBatch(url: string, token: string, events: AnyEvent[]): Promise<void> {
  const res = await fetch(`${url}/api/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ events }),
  });
  const body = (await res.json()) as { accepted?: number };
  if (res.status !== 200 || body.accepted !== events.length) {
    throw new Error(`ingest answered ${res.status} with ${JSON.stringify(body).slice(0, 300)}`);
  }
}

/**
 * `POST /api/events` (ticks are the monitor's own: the gateway refuses them) of the real gateway (a process of its own, on a namespace and database of its own),
 * in batches of 1000: once with one client sending batch after batch, once with `clients` at a time.
 */
export async function ingestThroughput(count: number, shape: WorkloadShape, clients: number): Promise<IngestRun[]> {
  const env = await benchEnvironment();
  const token = `bench-ingest-${'0'.repeat(16)}`;
  let gateway: Awaited<ReturnType<typeof spawnService>>;
  try {
    gateway = await spawnService('gateway', { ...env.env, ...GATEWAY_AUTH, GATEWAY_PORT: '0', INGEST_TOKENS: token });
  } catch (e) {
    await env.cleanup();
    throw e;
  }
  try {
    const runs: IngestRun[] = [];
    for (const [k, parallel] of [1, clients].entries()) {
      const events = [...workload(count, shape, { seed: 11 + k, idPrefix: `i${k}-`, ticks: false })];
      const batches: AnyEvent[][] = [];
      for (let i = 0; i < events.length; i += BATCH) batches.push(events.slice(i, i + BATCH));
      const { ms } = await timed(async () => {
        let next = 0;
        await Promise.all(
          Array.from({ length: parallel }, async () => {
            while (next < batches.length) await postBatch(gateway.url, token, batches[next++]);
          }),
        );
      });
      runs.push({ clients: parallel, events: events.length, rate: rate(events.length, ms) });
    }
    return runs;
  } finally {
    await gateway.stop();
    await env.cleanup();
  }
}
