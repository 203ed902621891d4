import { createEvent, type AnyEvent } from '@vigie/contracts';
import { EventPublisher } from '@vigie/messaging';
import { createTestDatabase, testEnvironment, type TestDatabase, type TestEnvironment } from '@vigie/testing';
import { persistenceOptions } from '../app.module';
import { AnomalyEnv } from '../config';
import { sessionClosed } from '../test-support';
import { redetect } from './redetect';

const T0 = Date.parse('2026-11-23T07:00:00.000Z');
const at = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString();

/** A day of history across five streams, built to cross several rules' thresholds. */
function history(): AnyEvent[] {
  const events: AnyEvent[] = [];
  const add = <E extends AnyEvent>(e: E) => events.push(e);
  const site = { siteId: 'site-1' };
  const variances = [-15, 0, -12, 2, -60, -11, 0, -10];
  variances.forEach((variance, i) => {
    const registerId = i % 2 === 0 ? 'caisse-1' : 'caisse-2';
    add(sessionClosed({ sessionId: `sess-${i}`, registerId, variance, totalSales: 90, salesCount: 6 }, { ...site, occurredAt: at(60 * i + 5) }));
  });
  for (let i = 0; i < 6; i++) {
    add(createEvent('sync.run.failed', { runId: `run-${i}`, target: 'compta', durationMs: 1000, attempt: 1, error: { code: 'sync.http-5xx', message: 'busy' } }, { source: 'sync', ...site, occurredAt: at(30 + 20 * i) }));
  }
  add(createEvent('sync.run.succeeded', { runId: 'run-9', target: 'compta', durationMs: 900, itemCount: 12 }, { source: 'sync', ...site, occurredAt: at(200) }));
  for (let i = 0; i < 7; i++) {
    add(createEvent('auth.login.failed', { principal: 'p-9f3a', channel: 'web', reason: 'bad-password' }, { source: 'gateway', siteId: 'global', occurredAt: at(100 + i) }));
  }
  for (let i = 0; i < 40; i++) {
    const failed = i % 5 === 0;
    add(
      failed
        ? createEvent('ai.classification.failed', { depositId: `d-${i}`, requestId: `r-${i}`, model: 'm1', latencyMs: 3100, error: { code: 'ai.timeout', message: 'slow' } }, { source: 'ai', ...site, occurredAt: at(10 + i * 3) })
        : createEvent('ai.classification.completed', { depositId: `d-${i}`, requestId: `r-${i}`, model: 'm1', category: 'tools', confidence: 0.9, latencyMs: 800 }, { source: 'ai', ...site, occurredAt: at(10 + i * 3) }),
    );
  }
  for (let m = 0; m <= 300; m += 1) {
    if (m < 150 && m % 10 === 0) {
      add(createEvent('ops.heartbeat.emitted', { service: 'cash', instanceId: 'cash-1', version: '0.1.0', startedAt: at(0) }, { source: 'cash', siteId: 'global', occurredAt: at(m) }));
    }
    if (m % 5 === 0) add(createEvent('ops.tick.emitted', {}, { source: 'monitor', siteId: 'global', occurredAt: at(m) }));
  }
  return events;
}

async function publishAll(env: TestEnvironment, events: AnyEvent[], order: 'by-type' | 'reversed-streams') {
  const publisher = new EventPublisher(env.bus);
  const domains = ['cash', 'sync', 'auth', 'ai', 'ops'];
  const rank = order === 'by-type' ? domains : [...domains].reverse();
  // Each stream keeps its own order; only the interleaving across streams differs between runs.
  const sorted = [...events].sort((a, b) => rank.indexOf(a.type.split('.')[0]) - rank.indexOf(b.type.split('.')[0]));
  for (const e of sorted) await publisher.publish(e);
}

describe('re-detection over history (real NATS + Postgres)', () => {
  const envs: TestEnvironment[] = [];
  const databases: TestDatabase[] = [];

  afterAll(async () => {
    for (const d of databases) await d.drop();
    for (const e of envs) await e.cleanup();
  });

  async function run(env: TestEnvironment) {
    const database = await createTestDatabase();
    databases.push(database);
    const config = AnomalyEnv.parse({ ...env.env, DATABASE_URL: database.url });
    return redetect({ bus: env.bus, persistence: persistenceOptions(config) });
  }

  it('gives byte-identical anomalies twice, whatever the interleaving the streams were written in', async () => {
    const events = history();
    const first = await testEnvironment({ streams: ['CASH', 'SYNC', 'AI', 'AUTH', 'OPS'] });
    const second = await testEnvironment({ streams: ['CASH', 'SYNC', 'AI', 'AUTH', 'OPS'] });
    envs.push(first, second);
    await publishAll(first, events, 'by-type');
    await publishAll(second, events, 'reversed-streams');

    const a = await run(first);
    const b = await run(first);
    const c = await run(second);
    expect(a.events).toBe(events.length);
    expect(JSON.stringify(b.anomalies)).toBe(JSON.stringify(a.anomalies));
    expect(JSON.stringify(b.announced)).toBe(JSON.stringify(a.announced));
    // Another stream layout shifts the evidence seqs, never which anomalies or when.
    const shape = (r: typeof a) => r.anomalies.map(({ evidence: _e, ...rest }) => rest);
    expect(shape(c)).toEqual(shape(a));

    const rules = new Set(a.anomalies.map((x) => x.ruleId));
    for (const expected of ['cash.variance', 'cash.variance-repeated', 'sync.consecutive-failures', 'auth.failure-burst', 'service.down']) {
      expect(rules).toContain(expected);
    }
    expect(a.anomalies.filter((x) => x.ruleId === 'cash.variance')).toHaveLength(4);
    expect(a.anomalies.find((x) => x.ruleId === 'sync.consecutive-failures')).toMatchObject({ severity: 'critical', status: 'resolved' });
  }, 120000);
});
