import { MikroORM } from '@mikro-orm/postgresql';
import { centsToEuros, createEvent, EVENT_CATALOG } from '@vigie/contracts';
import { ormConfig, prepareDatabase } from '@vigie/persistence';
import { createTestDatabase, seededRandom as rng, type TestDatabase } from '@vigie/testing';
import { Client } from 'pg';
import { persistenceOptions } from '../../app.module';
import { AnomalyEnv } from '../../config';
import { checkDetectors, DETECTORS } from '../../detectors';
import { deadLetterEvent } from '../../detectors/dead-letter-event';
import { RulesService } from '../../rules/rules.service';
import { DetectAnomalies, type DetectionItem } from './detect-anomalies.usecase';

/**
 * Two days of traffic, a minute apart, that crosses every rule's thresholds both ways: repeated cash
 * variances, sync failure streaks and a target stale for a day, AI error, latency and confidence drifts,
 * login bursts, services going silent and coming back, failing probes, dead letters, a consumer falling
 * behind and catching up, a job failing then succeeding and a job missing its run; ticks every 5 minutes.
 */
function history(): DetectionItem[] {
  const r = rng(42);
  const t0 = Date.parse('2026-11-02T06:00:00.000Z');
  const seqs = new Map<string, number>();
  const items: DetectionItem[] = [];
  const add = (event: DetectionItem['event']) => {
    const stream = event.type === 'deadletter.message.recorded' ? 'DEADLETTER' : EVENT_CATALOG[event.type].stream;
    const seq = (seqs.get(stream) ?? 0) + 1;
    seqs.set(stream, seq);
    items.push({ event, position: { stream, seq } });
  };
  for (let m = 0; m < 2 * 24 * 60; m += 1) {
    const at = new Date(t0 + m * 60_000).toISOString();
    const site = `site-${1 + (m % 2)}`;
    const meta = (source: string, siteId = site) => ({ source, siteId, occurredAt: at });
    if (m % 3 === 0) {
      const registerId = `caisse-${m % 5}`;
      const variance = r() < 0.3 ? -centsToEuros(1001 + Math.floor(r() * 6000)) : 0;
      add(
        createEvent(
          'cash.session.closed',
          { sessionId: `s-${m}`, registerId, operatorId: 'op-1', openingAmount: 100, cashSales: 50, expectedCash: 150, countedCash: centsToEuros(15000 + Math.round(variance * 100)), variance, totalSales: 80, salesCount: 4, ...(variance ? { comment: 'écart' } : {}) },
          meta('cash'),
        ),
      );
    }
    if (m % 4 === 1) {
      const model = `model-${m % 2}`;
      const drifting = m > 600 && m < 1300;
      if (r() < (drifting ? 0.3 : 0.02)) {
        add(createEvent('ai.classification.failed', { depositId: `d-${m}`, requestId: `q-${m}`, model, latencyMs: 3100, error: { code: 'ai.timeout', message: 'slow' } }, meta('ai')));
      } else {
        add(createEvent('ai.classification.completed', { depositId: `d-${m}`, requestId: `q-${m}`, model, category: 'tools', confidence: drifting ? 0.4 + r() / 2 : 0.75 + r() / 4, latencyMs: drifting ? 2000 + Math.floor(r() * 3000) : 300 + Math.floor(r() * 500) }, meta('ai')));
      }
    }
    if (m % 20 === 2) {
      const target = `target-${m % 3}`;
      // target-0 fails for a whole day, the others fail in streaks.
      const failing = target === 'target-0' ? m > 300 && m < 2000 : r() < 0.4;
      add(
        failing
          ? createEvent('sync.run.failed', { runId: `run-${m}`, target, durationMs: 1000, attempt: 1, error: { code: 'sync.http-5xx', message: 'busy' } }, meta('sync'))
          : createEvent('sync.run.succeeded', { runId: `run-${m}`, target, durationMs: 800, itemCount: 10 }, meta('sync')),
      );
    }
    if ((m > 100 && m < 112) || (m > 900 && m < 915) || m % 37 === 0) {
      const principal = m % 37 === 0 ? 'p-00aa01' : 'p-00bb02';
      add(createEvent('auth.login.failed', { principal, channel: 'web', reason: 'bad-password' }, meta('gateway', 'global')));
    }
    // cash goes silent for an hour and comes back as a new instance; ai misses a beat every 100 minutes.
    if (m % 5 === 0 && !(m > 400 && m < 460)) {
      add(createEvent('ops.heartbeat.emitted', { service: 'cash', instanceId: m < 460 ? 'cash-1' : 'cash-2', version: '0.1.0', startedAt: new Date(t0).toISOString() }, meta('cash', 'global')));
    }
    if (m % 5 === 0 && m % 100 !== 50) {
      add(createEvent('ops.heartbeat.emitted', { service: 'ai', instanceId: 'ai-1', version: '0.1.0', startedAt: new Date(t0).toISOString() }, meta('ai', 'global')));
    }
    if (m % 10 === 5) {
      const ok = !(m > 700 && m < 760);
      add(createEvent('ops.probe.completed', { target: 'sync', ok, latencyMs: 12, ...(ok ? { status: 200 } : { status: 503 }) }, meta('monitor', 'global')));
    }
    // Two targets flap (3 failed probes, 1 good, every 4 minutes): one then stays up, the other stays down.
    if ((m >= 1200 && m < 1320) || (m >= 2000 && m < 2100) || (m >= 2100 && m % 10 === 0) || (m >= 1320 && m % 10 === 0)) {
      const target = m < 2000 ? 'flappy-1' : 'flappy-2';
      const ok = m < 2000 ? m >= 1320 || m % 4 === 3 : m < 2100 && m % 4 === 3;
      add(createEvent('ops.probe.completed', { target, ok, latencyMs: 5, status: ok ? 200 : 503 }, meta('monitor', 'global')));
    }
    if ((m > 200 && m < 230 && m % 3 === 0) || m % 500 === 7) {
      add(
        deadLetterEvent({
          stream: m % 2 ? 'CASH' : 'T9_SYNC',
          durable: 'anomaly-detectors',
          subject: 'recyclic.cash.session.closed.site-1.caisse-1',
          seq: m,
          deliveryCount: 1,
          reason: 'invalid event: not JSON',
          kind: 'invalid',
          payloadBase64: 'e30=',
          payloadTruncated: false,
          deadLetteredAt: at,
        }),
      );
    }
    if (m % 10 === 0) {
      // The detectors' consumer falls behind for 40 minutes, and twice for one sample only.
      const pending = (m >= 1000 && m < 1040) || m === 1500 || m === 1800 ? 25_000 : 40;
      add(createEvent('ops.consumer.sampled', { stream: 'CASH', consumer: 'anomaly-detectors', pending, ackPending: 0, redelivered: 0 }, meta('monitor', 'global')));
    }
    if (m % 360 === 30) {
      // The daily job fails twice in a row then recovers; the hourly one stops after its fourth run.
      const status = m === 390 || m === 750 ? 'failed' : 'succeeded';
      const job = { runId: `job-${m}`, trigger: 'schedule' as const, startedAt: at, durationMs: 1000 };
      add(createEvent('ops.job.completed', { ...job, job: 'reporting.analyze-recommendations', status, ...(status === 'failed' ? { error: 'boom' } : {}), nextDueAt: new Date(t0 + (m + 360) * 60_000).toISOString() }, meta('reporting', 'global')));
    }
    if (m % 60 === 10 && m < 300) {
      add(createEvent('ops.job.completed', { job: 'reporting.apply-retention', runId: `ret-${m}`, trigger: 'schedule', status: 'succeeded', startedAt: at, durationMs: 10, nextDueAt: new Date(t0 + (m + 60) * 60_000).toISOString() }, meta('reporting', 'global')));
    }
    if (m % 5 === 0) add(createEvent('ops.tick.emitted', {}, meta('monitor', 'global')));
  }
  return items;
}

describe('DetectAnomalies in batches (real Postgres)', () => {
  const items = history();
  const databases: TestDatabase[] = [];
  const orms: MikroORM[] = [];

  afterAll(async () => {
    for (const orm of orms) await orm.close(true);
    for (const d of databases) await d.drop();
  });

  async function detector(): Promise<{ detect: DetectAnomalies; dump: () => Promise<string> }> {
    const database = await createTestDatabase();
    databases.push(database);
    const persistence = persistenceOptions(AnomalyEnv.parse({ DATABASE_URL: database.url, NATS_URL: 'nats://127.0.0.1:4222' }));
    await prepareDatabase(persistence);
    const orm = await MikroORM.init(ormConfig(persistence));
    orms.push(orm);
    const rules = new RulesService(orm.em);
    await rules.onModuleInit();
    const detect = new DetectAnomalies(orm.em, rules, checkDetectors(DETECTORS));
    /** Every table detection writes, exactly as Postgres prints it (the outbox in id order, without its wall-clock time). */
    const dump = async () => {
      const db = new Client({ connectionString: database.url });
      await db.connect();
      try {
        const tables = [];
        for (const sql of [
          `select a.*, details::text as details, evidence::text as evidence from anomaly.anomaly a order by anomaly_id`,
          `select id, event_id, event_type, envelope::text as envelope, published_at from anomaly.outbox order by id`,
          `select rule_id, key, state::text as state from anomaly.detector_state order by rule_id, key`,
          `select stream, seq::text from anomaly.checkpoint order by stream`,
          `select rule_id, key, raises::text as raises, flapping_anomaly_id, cleared, last_flap_at from anomaly.anomaly_flap order by rule_id, key`,
        ]) {
          tables.push((await db.query(sql)).rows);
        }
        return JSON.stringify(tables);
      } finally {
        await db.end();
      }
    };
    return { detect, dump };
  }

  async function inBatches(detect: DetectAnomalies, size: number, from = 0, to = items.length) {
    let transitions = 0;
    for (let i = from; i < to; i += size) transitions += (await detect.executeBatch(items.slice(i, Math.min(i + size, to)))).transitions;
    return transitions;
  }

  let reference: string;
  let referenceTransitions = 0;

  it('crosses every rule both ways one event per transaction (the reference)', async () => {
    const { detect, dump } = await detector();
    for (const { event, position } of items) referenceTransitions += (await detect.execute(event, position)).transitions;
    reference = await dump();
    const [anomalies] = JSON.parse(reference) as [{ rule_id: string; status: string }[]];
    const rules = new Set(anomalies.map((a) => a.rule_id));
    for (const rule of DETECTORS.map((d) => d.ruleId)) expect(rules).toContain(rule);
    expect(anomalies.some((a) => a.status === 'resolved')).toBe(true);
    // Flapping folded, then ended both ways: resolved after an hour quiet, and kept open as an ordinary anomaly.
    const flappy = (target: string) => (anomalies as unknown as { key: string; flapping: boolean; status: string; count: number }[]).filter((a) => a.key === target);
    for (const target of ['flappy-1', 'flappy-2']) {
      expect(flappy(target).filter((a) => a.status === 'resolved').length).toBeGreaterThanOrEqual(5);
      expect(flappy(target).some((a) => a.count > 1)).toBe(true);
      expect(flappy(target).every((a) => !a.flapping)).toBe(true);
    }
    expect(flappy('flappy-1').every((a) => a.status === 'resolved')).toBe(true);
    expect(flappy('flappy-2').filter((a) => a.status === 'open')).toHaveLength(1);
    expect(flappy('flappy-1').length).toBe(6);
    expect(referenceTransitions).toBeGreaterThan(anomalies.length);
  }, 300_000);

  it.each([7, 64, 500, 5000])('gives byte-identical anomalies, announcements, states and checkpoints in batches of %i', async (size) => {
    const { detect, dump } = await detector();
    expect(await inBatches(detect, size)).toBe(referenceTransitions);
    expect(await dump()).toBe(reference);
    // Batches of 7 are hundreds of transactions: generous for a loaded CI machine, not a speed target.
  }, 300_000);

  it('changes nothing when batches, or parts of them, are delivered again', async () => {
    const { detect, dump } = await detector();
    await inBatches(detect, 300, 0, 1200);
    const again = await detect.executeBatch(items.slice(900, 1500));
    expect(again).toMatchObject({ skipped: 300, applied: 300 });
    await inBatches(detect, 250, 1000, items.length);
    expect(await dump()).toBe(reference);
    expect(await detect.executeBatch(items.slice(0, 500))).toEqual({ applied: 0, skipped: 500, transitions: 0 });
    expect(await dump()).toBe(reference);
  }, 180_000);
});
