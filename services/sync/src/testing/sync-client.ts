import type { AnyEvent } from '@vigie/contracts';
import type { Bus } from '@vigie/messaging';
import { collectEvents, waitForEvent } from '@vigie/testing';
import { until } from './until';

export interface Reply {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

/** A small HTTP client of the sync API, for integration tests. */
export function syncClient(baseUrl: () => string) {
  const call = async (method: string, path: string, body?: unknown, raw?: string): Promise<Reply> => {
    const res = await fetch(`${baseUrl()}${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      ...(raw !== undefined ? { body: raw } : body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, body: text.startsWith('{') || text.startsWith('[') ? JSON.parse(text) : text };
  };
  const client = {
    call,
    get: (path: string) => call('GET', path),
    post: (path: string, body?: unknown, raw?: string) => call('POST', path, body, raw),
    /** POST /runs, expecting 202; returns the run id. */
    async start(target: string, rows?: Record<string, unknown>[]): Promise<string> {
      const res = await call('POST', '/runs', rows ? { target, rows } : { target });
      if (res.status !== 202) throw new Error(`POST /runs ${target} answered ${res.status}: ${JSON.stringify(res.body)}`);
      return res.body.runId as string;
    },
    /** Polls GET /runs/:id until the run is no longer running. */
    finished: (runId: string, timeoutMs = 10_000) =>
      until(
        async () => {
          const res = await call('GET', `/runs/${runId}`);
          return res.body.status !== 'running' ? res.body : undefined;
        },
        `run ${runId} to finish`,
        timeoutMs,
      ),
    async breakerOf(target: string): Promise<string> {
      const res = await call('GET', '/targets');
      return (res.body as { name: string; breaker: string }[]).find((t) => t.name === target)?.breaker ?? 'unknown';
    },
  };
  return client;
}

/** The SYNC events of one run, in stream order, once its last expected event is there. */
export async function eventsOfRun(bus: Bus, runId: string, last: (e: AnyEvent) => boolean): Promise<AnyEvent[]> {
  const ofRun = (e: AnyEvent) => (e.data as { runId?: string }).runId === runId;
  await waitForEvent(bus, 'SYNC', (e) => ofRun(e) && last(e));
  return (await collectEvents(bus, 'SYNC')).map((f) => f.event).filter(ofRun);
}

export const isFinal = (e: AnyEvent) => e.type === 'sync.run.succeeded' || e.type === 'sync.run.failed';
