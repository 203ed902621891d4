import { EntityManager } from '@mikro-orm/postgresql';
import { createEvent, type AnyEvent } from '@vigie/contracts';
import type { RunningService } from '@vigie/health';
import { EventPublisher, readDeadLetters } from '@vigie/messaging';
import { testEnvironment, type TestEnvironment } from '@vigie/testing';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { Client } from 'pg';
import { startAnomaly } from '../app';
import { sessionClosed } from '../test-support';
import { cashKpiProjection } from './cash-kpi.projection';
import { KPI_PROJECTIONS } from './index';
import { parisDay } from './kpi';
import { eventually, projectionsCaughtUp } from './int-spec-support';
import { PROJECTIONS_DURABLE } from './kpi-projections.consumer';
import { ProjectKpis } from './project-kpis.usecase';
import { rebuildProjections } from './rebuild-projections';

const ROOT = path.resolve(__dirname, '..', '..', '..', '..');
const SCRIPT = path.join(ROOT, 'services', 'anomaly', 'scripts', 'rebuild-projections.ts');

const site = { siteId: 'site-1' };
let n = 0;
const next = () => ++n;

const closed = (registerId: string, variance: number, occurredAt: string) =>
  sessionClosed({ sessionId: `sess-${next()}`, registerId, variance, salesCount: 3 }, { ...site, occurredAt });

const heartbeat = (service: string, instanceId: string, occurredAt: string) =>
  createEvent('ops.heartbeat.emitted', { service, instanceId, version: '0.1.0', startedAt: occurredAt }, { source: service, siteId: 'global', occurredAt });

/** Two Paris days around midnight (21:30 UTC is 23:30 in June, 22:30 UTC is 00:30 the next day). */
function history(): AnyEvent[] {
  const late = '2026-06-10T21:30:00.000Z';
  const afterMidnight = '2026-06-10T22:30:00.000Z';
  return [
    createEvent('cash.session.opened', { sessionId: 's-a', registerId: 'reg-1', operatorId: 'op-1', openingAmount: 100 }, { source: 'cash', ...site, occurredAt: '2026-06-10T07:00:00.000Z' }),
    createEvent('cash.sale.recorded', { sessionId: 's-a', registerId: 'reg-1', saleId: 'sale-1', amount: 12.5, paymentMethod: 'cash', itemCount: 2 }, { source: 'cash', ...site, occurredAt: late }),
    createEvent('cash.sale.recorded', { sessionId: 's-a', registerId: 'reg-1', saleId: 'sale-2', amount: 30, paymentMethod: 'card', itemCount: 1 }, { source: 'cash', ...site, occurredAt: late }),
    closed('reg-1', -15, late),
    closed('reg-1', 10, afterMidnight),
    closed('reg-2', 0.5, late),
    createEvent('sync.run.started', { runId: 'r-1', target: 'compta' }, { source: 'sync', ...site, occurredAt: late }),
    createEvent('sync.run.failed', { runId: 'r-1', target: 'compta', durationMs: 30000, attempt: 1, error: { code: 'sync.auth', message: '401' } }, { source: 'sync', ...site, occurredAt: late }),
    createEvent('sync.run.succeeded', { runId: 'r-2', target: 'compta', durationMs: 1500, itemCount: 12 }, { source: 'sync', ...site, occurredAt: afterMidnight }),
    createEvent('ai.classification.completed', { depositId: 'd-1', requestId: 'q-1', model: 'local-rules-v1', category: 'tools', confidence: 0.62, latencyMs: 420 }, { source: 'ai', ...site, occurredAt: late }),
    createEvent('ai.classification.failed', { depositId: 'd-2', requestId: 'q-2', model: 'local-rules-v1', latencyMs: 3100, error: { code: 'ai.timeout', message: 'slow' } }, { source: 'ai', ...site, occurredAt: late }),
    createEvent('ai.classification.corrected', { depositId: 'd-1', requestId: 'q-1', model: 'local-rules-v1', fromCategory: 'tools', toCategory: 'toys' }, { source: 'ai', ...site, occurredAt: late }),
    createEvent('auth.login.succeeded', { principal: 'p-7c1e', channel: 'web' }, { source: 'gateway', siteId: 'global', occurredAt: late }),
    createEvent('auth.login.failed', { principal: 'p-7c1e', channel: 'telegram', reason: 'bad-password' }, { source: 'gateway', siteId: 'global', occurredAt: late }),
    heartbeat('cash', 'cash-i1', '2026-06-10T08:00:00.000Z'),
    heartbeat('cash', 'cash-i1', '2026-06-10T08:00:30.000Z'),
    heartbeat('cash', 'cash-i2', late),
    heartbeat('cash', 'cash-i3', afterMidnight),
    createEvent('ops.probe.completed', { target: 'cash', ok: false, status: 503, latencyMs: 12 }, { source: 'monitor', siteId: 'global', occurredAt: late }),
  ];
}

const EXPECTED_EVENT_ROWS = [
  { day: '2026-06-10', siteId: 'global', kind: 'auth', key: 'telegram', counters: { loginsFailed: 1 } },
  { day: '2026-06-10', siteId: 'global', kind: 'auth', key: 'web', counters: { loginsSucceeded: 1 } },
  { day: '2026-06-10', siteId: 'global', kind: 'ops', key: 'cash', counters: { heartbeats: 3, instancesStarted: 2, restarts: 1, probesFailed: 1 } },
  {
    day: '2026-06-10',
    siteId: 'site-1',
    kind: 'ai',
    key: 'local-rules-v1',
    counters: { classifications: 1, lowConfidence: 1, failures: 1, corrections: 1, latencyCount: 2, latencySumMs: 3520, latencyLe500Ms: 1, latencyLe5000Ms: 1 },
    latencyP50Ms: 500,
    latencyP95Ms: 5000,
  },
  {
    day: '2026-06-10',
    siteId: 'site-1',
    kind: 'cash',
    key: 'reg-1',
    counters: { sessionsOpened: 1, salesCount: 2, salesCents: 4250, salesCashCents: 1250, salesCardCents: 3000, sessionsClosed: 1, largeVariances: 1, largeShortfalls: 1, varianceAbsCents: 1500 },
  },
  { day: '2026-06-10', siteId: 'site-1', kind: 'cash', key: 'reg-2', counters: { sessionsClosed: 1, varianceAbsCents: 50 } },
  { day: '2026-06-10', siteId: 'site-1', kind: 'sync', key: 'compta', counters: { runsStarted: 1, runsFailed: 1, durationSumMs: 30000 } },
  { day: '2026-06-11', siteId: 'global', kind: 'ops', key: 'cash', counters: { heartbeats: 1, instancesStarted: 1, restarts: 1 } },
  { day: '2026-06-11', siteId: 'site-1', kind: 'cash', key: 'reg-1', counters: { sessionsClosed: 1, varianceAbsCents: 1000 } },
  { day: '2026-06-11', siteId: 'site-1', kind: 'sync', key: 'compta', counters: { runsSucceeded: 1, durationSumMs: 1500, itemCount: 12 } },
];

describe('KPI projection (real NATS + Postgres)', () => {
  let env: TestEnvironment;
  let service: RunningService;
  let publisher: EventPublisher;
  let db: Client;
  const events = history();
  const seqs = new Map<string, number>();

  const kpis = async (query: string) => {
    const res = await fetch(`${service.url}/kpis?${query}`);
    return { status: res.status, body: await res.json() };
  };

  /** The projection tables exactly as Postgres prints them. */
  /**
   * The projection's tables, without what the service's own heartbeats (every 10 s, at wall-clock time)
   * put there while the test runs: the `anomaly` service's row and instances, and the OPS checkpoint.
   */
  async function dump(): Promise<string> {
    const tables = [];
    for (const sql of [
      `select day::text, site_id, kind, key, counters::text from anomaly.kpi_daily where not (kind = 'ops' and key = 'anomaly') order by day, site_id, kind, key`,
      `select service, instance_id, first_seen_at::text from anomaly.projection_instance where service <> 'anomaly' order by service, instance_id`,
      `select stream, seq::text from anomaly.projection_checkpoint where stream <> 'OPS' order by stream`,
    ]) {
      tables.push((await db.query(sql)).rows);
    }
    return JSON.stringify(tables);
  }

  beforeAll(async () => {
    env = await testEnvironment();
    publisher = new EventPublisher(env.bus);
    service = await startAnomaly({ ...env.env, ANOMALY_PORT: '0', LOG_LEVEL: 'warn' });
    db = new Client({ connectionString: env.database.url });
    await db.connect();
    for (const e of events) seqs.set(e.id, (await publisher.publish(e)).seq);
    // A message that breaks its contract: both anomaly durables dead-letter it, the DEADLETTER projection counts them.
    await env.bus.js.publish(`${env.bus.topo.root}.cash.session.closed.site-1.reg-1`, JSON.stringify({ type: 'cash.session.closed' }));
  });

  afterAll(async () => {
    await db?.end();
    await service?.stop();
    await env?.cleanup();
  });

  it('projects each event on its Paris day, per register, target, model, channel, service and durable', async () => {
    const { body } = await eventually(
      () => kpis('from=2026-06-01&to=2026-06-30'),
      (r) => expect(r.body.items).toEqual(EXPECTED_EVENT_ROWS),
    );
    expect(body.items).toHaveLength(10);
    const letters = await eventually(
      () => readDeadLetters(env.bus),
      (l) => expect(l.map((x) => x.durable).sort()).toEqual(['anomaly-detectors', PROJECTIONS_DURABLE]),
    );
    const day = parisDay(letters[0].deadLetteredAt);
    const dead = await eventually(
      () => kpis(`from=${day}&to=${day}&kind=deadletter`),
      (r) => expect(r.body.items).toHaveLength(2),
    );
    expect(dead.body.items).toEqual(
      ['anomaly-detectors', PROJECTIONS_DURABLE].sort().map((key) => ({ day, siteId: 'global', kind: 'deadletter', key, counters: { deadLetters: 1, invalid: 1 } })),
    );
  });

  it('filters by site and kind, and answers 400 naming each bad query field', async () => {
    const cash = await kpis('from=2026-06-11&to=2026-06-11&kind=cash&siteId=site-1');
    expect(cash.body.items.map((r: { key: string }) => r.key)).toEqual(['reg-1']);
    expect((await kpis('from=2026-06-11&to=2026-06-11&siteId=site-2')).body.items).toEqual([]);
    const bad = await kpis('from=2026-06-31&to=2026-06-01&kind=weather');
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('validation.failed');
    for (const field of ['from', 'kind']) expect(bad.body.error.message).toContain(field);
    const reversed = await kpis('from=2026-06-02&to=2026-06-01');
    expect(reversed.status).toBe(400);
    expect(reversed.body.error.message).toContain('to');
    expect((await kpis('to=2026-06-01')).status).toBe(400);
  });

  it('changes nothing when messages are delivered twice', async () => {
    await projectionsCaughtUp(env.bus);
    const before = await dump();
    const first = events[0];
    await expect(service.app.get(ProjectKpis).execute(cashKpiProjection, seqs.get(first.id)!, first)).resolves.toBe(false);
    expect(await dump()).toBe(before);
    // A durable deleted on the server is recreated by the consumer loop and redelivers CASH and OPS from sequence 1.
    for (const stream of ['CASH', 'OPS'] as const) {
      await env.bus.jsm.consumers.delete(env.bus.topo.streamName(stream), PROJECTIONS_DURABLE);
    }
    await new Promise((r) => setTimeout(r, 500));
    await projectionsCaughtUp(env.bus);
    expect(await dump()).toBe(before);
  });

  it('rebuilds byte-identical rows from sequence 1, in-process and with the command, and the live consumers resume after', async () => {
    await projectionsCaughtUp(env.bus);
    const live = await dump();
    await db.query(`update anomaly.kpi_daily set counters = '{"heartbeats": 999}'`);
    await db.query(`delete from anomaly.projection_instance`);
    await db.query(`delete from anomaly.projection_checkpoint where stream = 'OPS'`);
    const result = await rebuildProjections(env.bus, service.app.get(EntityManager), KPI_PROJECTIONS);
    expect(await dump()).toBe(live);
    expect(result.streams.find((s) => s.stream === 'CASH')).toMatchObject({ folded: 6, skipped: 1 });
    const own = await db.query(`select count(*)::int as n from anomaly.projection_instance where service = 'anomaly'`);
    expect(result.instances).toBe(3 + own.rows[0].n);

    await db.query(`truncate anomaly.kpi_daily, anomaly.projection_checkpoint`);
    const output = await new Promise<string>((resolve, reject) => {
      const child = spawn(process.execPath, ['-r', '@swc-node/register', SCRIPT], {
        cwd: ROOT,
        env: { ...process.env, ...env.env, SWC_NODE_PROJECT: path.join(ROOT, 'tsconfig.json') },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      child.stdout.on('data', (c) => (out += c));
      child.stderr.on('data', (c) => (out += c));
      child.once('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`rebuild exited ${code}:\n${out}`))));
    });
    expect(output).toMatch(/kpi_daily rebuilt: \d+ rows, \d+ service instances/);
    expect(output).toMatch(/CASH\s+folded 6, skipped 1, checkpoint \d+/);
    expect(await dump()).toBe(live);

    await publisher.publish(heartbeat('cash', 'cash-i3', '2026-06-11T08:00:00.000Z'));
    await publisher.publish(heartbeat('cash', 'cash-i4', '2026-06-11T09:00:00.000Z'));
    await eventually(
      () => kpis('from=2026-06-11&to=2026-06-11&kind=ops'),
      (r) => expect(r.body.items[0].counters).toEqual({ heartbeats: 3, instancesStarted: 2, restarts: 2 }),
    );
  }, 40_000);
});
