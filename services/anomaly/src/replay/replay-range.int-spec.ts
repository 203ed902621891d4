import { createEvent, DURABLES, type AnyEvent, type ReplayLine, type ReplayResult, type StreamId } from '@vigie/contracts';
import type { RunningService } from '@vigie/health';
import { EventPublisher } from '@vigie/messaging';
import { testEnvironment, type TestEnvironment } from '@vigie/testing';
import { Client } from 'pg';
import { startAnomaly } from '../app';
import { sessionClosed } from '../test-support';
import { ReplayRange } from './replay-range.usecase';

const FROM = '2026-11-02T00:00:00.000Z';
const TO = '2026-11-09T00:00:00.000Z';
const DAY = 86_400_000;
const at = (iso: string, plusMs = 0) => new Date(Date.parse(iso) + plusMs).toISOString();

const closing = (registerId: string, variance: number, occurredAt: string, n: number) =>
  sessionClosed({ sessionId: `sess-${registerId}-${n}`, registerId, variance, totalSales: 90, salesCount: 6 }, { occurredAt });

/**
 * Two weeks of history: the week before FROM (the warm-up) and the recorded week. caisse-1 is short
 * twice before FROM and once after: `cash.variance-repeated` is raised inside the week on evidence
 * that starts before it.
 */
function history(): AnyEvent[] {
  const events: AnyEvent[] = [];
  const start = Date.parse(FROM) - 7 * DAY;
  const variances: Record<string, number[]> = {
    'caisse-1': [0, 0, 0, 0, -15, -12, 0, 0, -18, 0, 0, 0, 0, 0],
    'caisse-2': [0, 0, 0, 0, 0, 0, 0, 2, 0, 0, -60, 0, -15, 0],
  };
  for (let d = 0; d < 14; d++) {
    for (const [register, list] of Object.entries(variances)) {
      events.push(closing(register, list[d], new Date(start + d * DAY + 17 * 3_600_000).toISOString(), d));
    }
  }
  const day3 = at(FROM, 3 * DAY + 2 * 3_600_000);
  for (let i = 0; i < 4; i++) {
    events.push(createEvent('sync.run.failed', { runId: `run-${i}`, target: 'compta', durationMs: 900, attempt: 1, error: { code: 'sync.http-5xx', message: 'busy' } }, { source: 'sync', siteId: 'site-1', occurredAt: at(day3, i * 600_000) }));
  }
  events.push(createEvent('sync.run.succeeded', { runId: 'run-9', target: 'compta', durationMs: 800, itemCount: 3 }, { source: 'sync', siteId: 'site-1', occurredAt: at(day3, 3_600_000) }));
  for (let i = 0; i < 6; i++) {
    events.push(createEvent('auth.login.failed', { principal: 'p-9f3a', channel: 'web', reason: 'bad-password' }, { source: 'gateway', siteId: 'global', occurredAt: at(FROM, 4 * DAY + i * 60_000) }));
  }
  for (let i = 0; i < 30; i++) {
    const occurredAt = at(FROM, 5 * DAY + i * 120_000);
    events.push(
      i % 5 === 0
        ? createEvent('ai.classification.failed', { depositId: `d-${i}`, requestId: `r-${i}`, model: 'm1', latencyMs: 900, error: { code: 'ai.timeout', message: 'slow' } }, { source: 'ai', siteId: 'site-1', occurredAt })
        : createEvent('ai.classification.completed', { depositId: `d-${i}`, requestId: `r-${i}`, model: 'm1', category: 'tools', confidence: 0.9, latencyMs: 800 }, { source: 'ai', siteId: 'site-1', occurredAt }),
    );
  }
  return events.sort((a, b) => Date.parse(a.occurredAt) - Date.parse(b.occurredAt));
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('replay of a recorded week in a sandbox (real anomaly service, NATS, Postgres)', () => {
  let env: TestEnvironment;
  let service: RunningService;

  const post = (body: unknown, accept = 'application/json') =>
    fetch(`${service.url}/replays`, { method: 'POST', headers: { 'content-type': 'application/json', accept }, body: JSON.stringify(body) });

  async function lastSeq(stream: StreamId): Promise<number> {
    return (await env.bus.jsm.streams.info(env.bus.topo.streamName(stream))).state.last_seq;
  }

  async function sql<T>(text: string, params: unknown[] = [], url = env.env.DATABASE_URL): Promise<T[]> {
    const client = new Client({ connectionString: url });
    await client.connect();
    try {
      return (await client.query(text, params)).rows as T[];
    } finally {
      await client.end();
    }
  }

  /** The live service has read every published event and its announcements are all on ANOMALY. */
  async function settled(): Promise<void> {
    const deadline = Date.now() + 45_000;
    for (;;) {
      let pending = 0;
      for (const stream of ['CASH', 'SYNC', 'AI', 'AUTH'] as StreamId[]) {
        const info = await env.bus.jsm.consumers.info(env.bus.topo.streamName(stream), DURABLES.anomalyDetectors).catch(() => undefined);
        pending += info ? info.num_pending + info.num_ack_pending : 1;
      }
      const [{ n }] = await sql<{ n: string }>('select count(*) as n from anomaly.outbox where published_at is null');
      if (pending === 0 && Number(n) === 0) return;
      if (Date.now() > deadline) throw new Error(`live detection did not settle (${pending} pending, ${n} unpublished)`);
      await sleep(200);
    }
  }

  beforeAll(async () => {
    env = await testEnvironment({ name: 'replay-test' });
    service = await startAnomaly({ ...env.env, ANOMALY_PORT: '0', LOG_LEVEL: 'warn', ANOMALY_OUTBOX_INTERVAL_MS: '200' });
    const publisher = new EventPublisher(env.bus);
    for (const e of history()) await publisher.publish(e);
    await settled();
  }, 60_000);

  afterAll(async () => {
    await service?.stop();
    await env?.cleanup();
  });

  it('replays the recorded week into exactly the anomalies raised live: an empty diff', async () => {
    const anomaliesBefore = await sql('select * from anomaly.anomaly order by anomaly_id');
    const anomalySeq = await lastSeq('ANOMALY');
    const res = await post({ from: FROM, to: TO });
    expect(res.status).toBe(200);
    const result = (await res.json()) as ReplayResult;

    expect(result.recorded.length).toBeGreaterThanOrEqual(6);
    expect(new Set(result.recorded.map((a) => a.ruleId))).toEqual(
      new Set(['cash.variance', 'cash.variance-repeated', 'sync.consecutive-failures', 'auth.failure-burst', 'ai.error-rate']),
    );
    expect(result.replayed).toEqual(result.recorded);
    expect(result.diff).toMatchObject({ empty: true, changed: [], onlyInReplay: [], onlyRecorded: [] });
    expect(result.diff.same.sort()).toEqual(result.recorded.map((a) => a.anomalyId).sort());
    // The two shortfalls of the warm-up week were raised in the sandbox too, and left out of the comparison.
    expect(result.warmupAnomalies).toBe(2);
    const repeated = result.recorded.find((a) => a.ruleId === 'cash.variance-repeated')!;
    expect(repeated).toMatchObject({ key: 'caisse-1', status: 'open', severity: 'warning' });
    expect(result.events).toBe(history().length);

    // The sandbox touched nothing live: same rows, nothing published, its database dropped.
    expect(await sql('select * from anomaly.anomaly order by anomaly_id')).toEqual(anomaliesBefore);
    expect(await lastSeq('ANOMALY')).toBe(anomalySeq);
    const leftovers = await sql<{ datname: string }>("select datname from pg_database where datname like '%\\_replay\\_%' and datname like $1", [
      `${new URL(env.env.DATABASE_URL).pathname.slice(1, 31)}%`,
    ]);
    expect(leftovers).toEqual([]);
  }, 60_000);

  it('with cash.variance at 20 € shows the shortfalls it would no longer raise', async () => {
    const res = await post({ from: FROM, to: TO, rules: [{ ruleId: 'cash.variance', params: { warningAbove: 20 } }] });
    const result = (await res.json()) as ReplayResult;
    expect(res.status).toBe(200);
    expect(result.diff.empty).toBe(false);
    // Inside the week: -18 € on caisse-1 and -15 € on caisse-2 are under 20 €; -60 € is still critical.
    expect(result.diff.onlyRecorded.map((a) => [a.ruleId, a.key]).sort()).toEqual([
      ['cash.variance', 'sess-caisse-1-8'],
      ['cash.variance', 'sess-caisse-2-12'],
    ]);
    expect(result.diff.onlyInReplay).toEqual([]);
    expect(result.replayed.filter((a) => a.ruleId === 'cash.variance')).toEqual([
      expect.objectContaining({ key: 'sess-caisse-2-10', severity: 'critical' }),
    ]);
    expect(result.diff.byRule).toContainEqual({ ruleId: 'cash.variance', severity: 'warning', recorded: 2, replayed: 0 });
    expect(result.replayed.find((a) => a.ruleId === 'cash.variance')?.ruleVersion).toBe(2);
    // The live rule is untouched.
    expect(await (await fetch(`${service.url}/rules/cash.variance`)).json()).toMatchObject({ version: 1, overrides: [] });
  }, 60_000);

  it('without a warm-up, misses the repeated shortfalls that started before the week', async () => {
    const result = (await (await post({ from: FROM, to: TO, warmupHours: 0 })).json()) as ReplayResult;
    expect(result.warmupAnomalies).toBe(0);
    expect(result.diff.onlyRecorded.map((a) => a.ruleId)).toEqual(['cash.variance-repeated']);
  }, 60_000);

  it('stops when cancelled, and drops its database all the same', async () => {
    const replay = service.app.get(ReplayRange);
    const cancel = new AbortController();
    cancel.abort(new Error('cancelled by the test'));
    await expect(replay.execute({ from: FROM, to: TO, rules: [], warmupHours: 168 }, undefined, cancel.signal)).rejects.toThrow('cancelled by the test');
    const leftovers = await sql("select datname from pg_database where datname like $1", [`${new URL(env.env.DATABASE_URL).pathname.slice(1, 31)}\\_replay\\_%`]);
    expect(leftovers).toEqual([]);
    // Not counted as running any more: the next replay is accepted.
    expect((await post({ from: FROM, to: TO, streams: ['AUTH'] })).status).toBe(200);
  }, 60_000);

  it('streams progress then the result as NDJSON', async () => {
    const res = await post({ from: FROM, to: TO }, 'application/x-ndjson');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/x-ndjson/);
    const lines = (await res.text()).trim().split('\n').map((l) => JSON.parse(l) as ReplayLine);
    const progress = lines.filter((l) => l.type === 'progress');
    expect(progress.length).toBeGreaterThanOrEqual(1);
    for (const p of progress) expect(p.read).toBeLessThanOrEqual(p.total);
    expect(progress.at(-1)).toMatchObject({ read: progress.at(-1)!.total });
    const last = lines.at(-1)!;
    expect(last.type).toBe('result');
    if (last.type === 'result') expect(last.result.diff.empty).toBe(true);
  }, 60_000);

  it.each([
    [{ from: TO, to: FROM }, 400, 'validation.failed'],
    [{ from: 'last week', to: TO }, 400, 'validation.failed'],
    [{ from: FROM, to: TO, rules: [{ ruleId: 'cash.variance', params: { threshold: 20 } }] }, 400, 'validation.failed'],
    [{ from: FROM, to: TO, rules: [{ ruleId: 'cash.nothing', params: { warningAbove: 20 } }] }, 404, 'rule.not-found'],
    [{ from: FROM, to: TO, streams: ['BANK'] }, 400, 'validation.failed'],
  ])('refuses %j with %i %s, before anything starts', async (body, status, code) => {
    const res = await post(body, 'application/x-ndjson');
    expect(res.status).toBe(status);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe(code);
  });
});
