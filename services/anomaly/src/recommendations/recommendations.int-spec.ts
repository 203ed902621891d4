import { createEvent, eurosToCents, type AnyEvent, type Envelope } from '@vigie/contracts';
import type { RunningService } from '@vigie/health';
import { buildDeadLetter, EventPublisher, publishDeadLetter } from '@vigie/messaging';
import { collectEvents, testEnvironment, type TestEnvironment } from '@vigie/testing';
import { startAnomaly } from '../app';
import { eventually, projectionsCaughtUp } from '../projections/int-spec-support';
import { parisDay } from '../projections/kpi';
import { sessionClosed } from '../test-support';
import { recommendationIdFor } from './recommendation';
import type { RecommendationView } from './recommendation.entity';
import { shiftDay } from './windows';

const AS_OF = '2026-06-30';
/** Noon in Paris (summer time) on `day`, plus `minutes`. */
const noon = (day: string, minutes = 0) => new Date(Date.parse(`${day}T10:00:00.000Z`) + minutes * 60_000).toISOString();
const site = { siteId: 'site-1' };
let seq = 0;
const id = (prefix: string) => `${prefix}-${++seq}`;

const closing = (registerId: string, variance: number, day: string) =>
  sessionClosed({ sessionId: id('sess'), registerId, variance, totalSales: 90, salesCount: 5 }, { ...site, occurredAt: noon(day) });

const run = (target: string, ok: boolean, durationMs: number, day: string, minutes: number) =>
  ok
    ? createEvent('sync.run.succeeded', { runId: id('run'), target, durationMs, itemCount: 10 }, { source: 'sync', ...site, occurredAt: noon(day, minutes) })
    : createEvent(
        'sync.run.failed',
        { runId: id('run'), target, durationMs, attempt: 1, error: { code: 'sync.auth', message: '401 Unauthorized' } },
        { source: 'sync', ...site, occurredAt: noon(day, minutes) },
      );

const classified = (model: string, latencyMs: number, day: string, minutes: number) =>
  createEvent(
    'ai.classification.completed',
    { depositId: id('dep'), requestId: id('req'), model, category: 'small_appliance', confidence: 0.82, latencyMs },
    { source: 'ai', ...site, occurredAt: noon(day, minutes) },
  );

const corrected = (model: string, day: string) =>
  createEvent(
    'ai.classification.corrected',
    { depositId: id('dep'), requestId: id('req'), model, fromCategory: 'small_appliance', toCategory: 'it_equipment' },
    { source: 'ai', ...site, occurredAt: noon(day, 300) },
  );

const heartbeat = (service: string, instanceId: string, day: string) =>
  createEvent('ops.heartbeat.emitted', { service, instanceId, version: '0.1.0', startedAt: noon(day) }, { source: service, siteId: 'global', occurredAt: noon(day) });

/**
 * Sixty days up to 30/06/2026: reg-drift drifts into shortfalls over the last 30 days, compta fails
 * more in the last week, drive slows down, llm-v2 gets slower and more corrected, cash restarts three
 * times; reg-ok, mail, local-rules-v1 and sync stay healthy.
 */
function simulatedMonth(): AnyEvent[] {
  const events: AnyEvent[] = [];
  for (let d = 59; d >= 0; d--) {
    const day = shiftDay(AS_OF, -d);
    const recentMonth = d < 30;
    // reg-drift: one large variance in the previous 30 days; 9 shortfalls and 1 overage in the last 30.
    const drift = recentMonth ? (d % 3 === 0 ? (d === 0 ? 14 : -15 - d) : 0.5) : d === 45 ? -12 : 0;
    events.push(closing('reg-drift', drift, day));
    events.push(closing('reg-ok', d === 10 || d === 40 ? -11 : 0, day));
    if (d < 14) {
      const lastWeek = d < 7;
      for (let i = 0; i < 4; i++) events.push(run('compta', lastWeek ? !(i < 2 && d !== 6 && d !== 5) : !(d === 10 && i === 0), 2000, day, i * 60));
      for (let i = 0; i < 2; i++) events.push(run('drive', true, lastWeek ? 6000 : 3000, day, i * 60 + 5));
      for (let i = 0; i < 2; i++) events.push(run('mail', true, 1000, day, i * 60 + 10));
      for (let i = 0; i < 5; i++) events.push(classified('llm-v2', lastWeek ? 1500 : 900, day, i * 30));
      for (let i = 0; i < 5; i++) events.push(classified('local-rules-v1', 100, day, i * 30 + 1));
      if (lastWeek ? d < 5 : d === 8 || d === 12) events.push(corrected('llm-v2', day), ...(lastWeek ? [corrected('llm-v2', day)] : []));
      if (d === 9 || d === 2) events.push(corrected('local-rules-v1', day));
      events.push(heartbeat('sync', 'sync-i1', day));
    }
  }
  events.push(heartbeat('cash', 'cash-i1', shiftDay(AS_OF, -20)));
  for (const [d, instance] of [[5, 'cash-i2'], [3, 'cash-i3'], [1, 'cash-i4']] as const) events.push(heartbeat('cash', instance, shiftDay(AS_OF, -d)));
  return events;
}

/** Dead letters as the messaging layer stores them, on the days given. */
async function deadLetters(env: TestEnvironment, durable: string, days: string[]) {
  for (const day of days) {
    const record = buildDeadLetter({
      streamName: env.bus.topo.streamName('NOTIFY'),
      durable,
      subject: `${env.bus.topo.root}.anomaly.alert.raised.site-1.cash.variance`,
      seq: ++seq,
      deliveryCount: 10,
      kind: 'max-deliveries',
      reason: 'Telegram 502 (after 10 deliveries)',
      data: new TextEncoder().encode('{}'),
      now: new Date(noon(day, seq)),
    });
    await publishDeadLetter(env.bus, record);
  }
}

describe('maintenance recommendations from a simulated month (real NATS + Postgres)', () => {
  let env: TestEnvironment;
  let service: RunningService;
  let publisher: EventPublisher;
  const events = simulatedMonth();
  let beforeAnyEvent: unknown;

  // As of the simulated month's last day: the service's own heartbeats land on today in the same projection.
  const analyze = async () => {
    const res = await fetch(`${service.url}/recommendations/analyze?asOf=${AS_OF}`, { method: 'POST' });
    expect(res.status).toBe(200);
    return res.json();
  };
  const active = async (): Promise<RecommendationView[]> => (await (await fetch(`${service.url}/recommendations`)).json()).items;
  const announced = async () =>
    (await collectEvents(env.bus, 'REPORT')).map((f) => f.event as Envelope<'report.recommendation.issued' | 'report.recommendation.cleared'>);
  const recId = (kind: string, subject: string, siteId = 'site-1') => recommendationIdFor({ kind, siteId, subject });

  /** Counts straight from the generated events, by Paris day. */
  const within = (e: AnyEvent, days: number, before = 0) => {
    const to = shiftDay(AS_OF, -days * before);
    const day = parisDay(e.occurredAt);
    return day >= shiftDay(to, -(days - 1)) && day <= to;
  };
  const count = (pred: (e: AnyEvent) => boolean) => events.filter(pred).length;

  beforeAll(async () => {
    env = await testEnvironment();
    publisher = new EventPublisher(env.bus);
    service = await startAnomaly({ ...env.env, ANOMALY_PORT: '0', LOG_LEVEL: 'warn' });
    beforeAnyEvent = await analyze();
    for (const e of events) await publisher.publish(e);
    await deadLetters(env, 'notification-alerts', [shiftDay(AS_OF, -4), shiftDay(AS_OF, -4), shiftDay(AS_OF, -2), shiftDay(AS_OF, -2), AS_OF, AS_OF]);
    await deadLetters(env, 'gateway-feed', [AS_OF]);
    await projectionsCaughtUp(env.bus);
  }, 40_000);

  afterAll(async () => {
    await service?.stop();
    await env?.cleanup();
  });

  it('recommends nothing before any event of the month', () => {
    expect(beforeAnyEvent).toEqual({ asOf: AS_OF, active: [], issued: [], cleared: [] });
  });

  it('analyses as of the latest event day by default (the service’s own heartbeat: today), and refuses a bad day', async () => {
    const today = parisDay(new Date());
    const res = await fetch(`${service.url}/recommendations/analyze?asOf=2026-02-30`, { method: 'POST' });
    expect(res.status).toBe(400);
    expect((await res.json()).error.code).toBe('validation.failed');
    const latest = await eventually(
      async () => (await fetch(`${service.url}/recommendations/analyze`, { method: 'POST' })).json(),
      (r) => expect(r.asOf).toBe(today),
    );
    expect(latest.asOf).toBe(today);
  });

  it('issues each expected recommendation once on REPORT, with evidence matching the generated data, and none for healthy ones', async () => {
    const result = await analyze();
    expect(result.asOf).toBe(AS_OF);
    const expected = [
      ['register-variance-trend', 'reg-drift', 'site-1'],
      ['sync-degrading', 'compta', 'site-1'],
      ['sync-degrading', 'drive', 'site-1'],
      ['ai-latency-rising', 'llm-v2', 'site-1'],
      ['ai-correction-rate-rising', 'llm-v2', 'site-1'],
      ['dead-letters-accumulating', 'notification-alerts', 'global'],
      ['service-restarting', 'cash', 'global'],
    ];
    expect([...result.issued].sort()).toEqual(expected.map(([k, s, site]) => recId(k, s, site)).sort());
    expect(result.cleared).toEqual([]);

    const issued = await eventually(announced, (a) => expect(a).toHaveLength(7));
    const byId = new Map(issued.map((e) => [e.data.recommendationId, e]));
    for (const e of issued) {
      expect(e.type).toBe('report.recommendation.issued');
      expect(e.source).toBe('anomaly');
      expect(e.data.actions.length).toBeGreaterThanOrEqual(1);
      expect(e.data.actions.length).toBeLessThanOrEqual(3);
    }
    const list = await active();
    const view = (kind: string, subject: string) => list.find((r) => r.kind === kind && r.subject === subject)!;
    expect(list).toHaveLength(7);
    // The event carries the same numbers and summary as the API.
    for (const r of list) {
      expect(byId.get(recId(r.kind, r.subject, r.siteId))!.data).toMatchObject({ figures: r.evidence, summary: r.summary });
    }

    // reg-drift: large variances (> 10.00 €) among its closings in each 30-day window.
    const drift = (before: number) => (e: AnyEvent) => e.type === 'cash.session.closed' && e.data.registerId === 'reg-drift' && within(e, 30, before);
    const large = (e: AnyEvent) => e.type === 'cash.session.closed' && Math.abs(eurosToCents(e.data.variance)) > 1000;
    const short = (e: AnyEvent) => e.type === 'cash.session.closed' && eurosToCents(e.data.variance) < -1000;
    const absCents = events.filter(drift(0)).reduce((s, e) => s + (e.type === 'cash.session.closed' ? Math.abs(eurosToCents(e.data.variance)) : 0), 0);
    const register = view('register-variance-trend', 'reg-drift');
    expect(register.evidence).toEqual({
      windowDays: 30,
      sessions: count(drift(0)),
      largeVariances: count((e) => drift(0)(e) && large(e)),
      largeShortfalls: count((e) => drift(0)(e) && short(e)),
      varianceRate: Math.round((count((e) => drift(0)(e) && large(e)) / count(drift(0))) * 10_000) / 10_000,
      varianceAbsCents: absCents,
      previousSessions: count(drift(1)),
      previousLargeVariances: count((e) => drift(1)(e) && large(e)),
      previousVarianceRate: Math.round((count((e) => drift(1)(e) && large(e)) / count(drift(1))) * 10_000) / 10_000,
    });
    expect(register.evidence).toMatchObject({ sessions: 30, largeVariances: 10, largeShortfalls: 9, previousLargeVariances: 1 });
    expect(register.severity).toBe('warning');
    const registerEvent = byId.get(register.recommendationId)!;
    expect(registerEvent.data).toMatchObject({
      kind: 'register-variance-trend',
      severity: 'warning',
      title: 'Caisse reg-drift : écarts de plus de 10 € sur 33 % des sessions en 30 jours (3 % les 30 jours précédents)',
    });
    expect(registerEvent.data.actions[0]).toBe('Revoir la procédure de comptage avec les bénévoles de la caisse reg-drift');
    expect(registerEvent.siteId).toBe('site-1');

    // compta: failed among finished runs, week over week.
    const compta = (before: number) => (e: AnyEvent) => (e.type === 'sync.run.failed' || e.type === 'sync.run.succeeded') && e.data.target === 'compta' && within(e, 7, before);
    const failed = (e: AnyEvent) => e.type === 'sync.run.failed';
    expect(view('sync-degrading', 'compta').evidence).toMatchObject({
      runs: count(compta(0)),
      failedRuns: count((e) => compta(0)(e) && failed(e)),
      previousRuns: count(compta(1)),
      previousFailedRuns: count((e) => compta(1)(e) && failed(e)),
      meanDurationMs: 2000,
    });
    expect(view('sync-degrading', 'compta').evidence).toMatchObject({ runs: 28, failedRuns: 10, previousFailedRuns: 1, failureRate: 0.3571 });
    expect(byId.get(recId('sync-degrading', 'compta'))!.data.title).toBe(
      "Synchronisation compta : 36 % d'échecs sur 7 jours (4 % la semaine précédente)",
    );
    expect(byId.get(recId('sync-degrading', 'drive'))!.data.title).toBe(
      'Synchronisation drive : durée moyenne de 6\u202f000 ms sur 7 jours (3\u202f000 ms la semaine précédente)',
    );
    expect(view('sync-degrading', 'drive').evidence).toMatchObject({ runs: 14, previousRuns: 14, meanDurationMs: 6000, previousMeanDurationMs: 3000 });

    // llm-v2: latency and corrections, week over week.
    const llm = (before: number) => (e: AnyEvent) => e.type === 'ai.classification.completed' && e.data.model === 'llm-v2' && within(e, 7, before);
    const llmCorrections = (before: number) => (e: AnyEvent) => e.type === 'ai.classification.corrected' && e.data.model === 'llm-v2' && within(e, 7, before);
    expect(view('ai-latency-rising', 'llm-v2').evidence).toEqual({
      windowDays: 7,
      samples: count(llm(0)),
      meanLatencyMs: 1500,
      previousSamples: count(llm(1)),
      previousMeanLatencyMs: 900,
      p95LatencyUpToMs: 2000,
    });
    expect(byId.get(recId('ai-latency-rising', 'llm-v2'))!.data.title).toBe(
      'IA llm-v2 : latence moyenne de 1\u202f500 ms sur 7 jours (900 ms la semaine précédente)',
    );
    expect(view('ai-correction-rate-rising', 'llm-v2').evidence).toMatchObject({
      classifications: count(llm(0)),
      corrections: count(llmCorrections(0)),
      previousClassifications: count(llm(1)),
      previousCorrections: count(llmCorrections(1)),
    });
    expect(view('ai-correction-rate-rising', 'llm-v2').evidence).toMatchObject({ classifications: 35, corrections: 10, previousCorrections: 2 });
    expect(byId.get(recId('ai-correction-rate-rising', 'llm-v2'))!.data.title).toBe(
      'IA llm-v2 : 29 % des classifications corrigées sur 7 jours (6 % la semaine précédente)',
    );

    expect(view('dead-letters-accumulating', 'notification-alerts').evidence).toMatchObject({
      deadLetters: 6,
      daysWithDeadLetters: 3,
      maxDeliveries: 6,
      previousDeadLetters: 0,
    });
    expect(byId.get(recId('dead-letters-accumulating', 'notification-alerts', 'global'))!.data.title).toBe(
      '6 messages en lettres mortes en 7 jours pour le consommateur notification-alerts',
    );
    expect(view('service-restarting', 'cash').evidence).toEqual({ windowDays: 7, restarts: 3, heartbeats: 3 });
    expect(byId.get(recId('service-restarting', 'cash', 'global'))!.data).toMatchObject({
      severity: 'warning',
      title: 'Service cash : 3 redémarrages en 7 jours',
    });

    const subjects = list.map((r) => r.subject);
    for (const healthy of ['reg-ok', 'mail', 'local-rules-v1', 'sync', 'gateway-feed']) expect(subjects).not.toContain(healthy);
  });

  it('announces nothing when nothing changed', async () => {
    const before = (await announced()).length;
    expect(await analyze()).toMatchObject({ issued: [], cleared: [] });
    expect((await active()).length).toBe(7);
    await new Promise((r) => setTimeout(r, 300));
    expect((await announced()).length).toBe(before);
  });

  it('clears a recommendation whose condition is gone, and issues it again under a new event id when it comes back', async () => {
    const compta = recId('sync-degrading', 'compta');
    // 60 good runs on the last day bring compta's failure rate back under 20 %.
    for (let i = 0; i < 60; i++) await publisher.publish(run('compta', true, 2000, AS_OF, 400 + i));
    await projectionsCaughtUp(env.bus);
    expect(await analyze()).toMatchObject({ asOf: AS_OF, issued: [], cleared: [compta] });
    const cleared = await eventually(announced, (a) => expect(a.filter((e) => e.type === 'report.recommendation.cleared')).toHaveLength(1));
    const clearedEvent = cleared.find((e) => e.type === 'report.recommendation.cleared')!;
    expect(clearedEvent.data).toMatchObject({ recommendationId: compta, kind: 'sync-degrading' });
    expect((await active()).map((r) => r.recommendationId)).not.toContain(compta);
    expect(await active()).toHaveLength(6);

    for (let i = 0; i < 50; i++) await publisher.publish(run('compta', false, 2000, AS_OF, 500 + i));
    await projectionsCaughtUp(env.bus);
    expect(await analyze()).toMatchObject({ issued: [compta], cleared: [] });
    const all = await eventually(announced, (a) => expect(a.filter((e) => e.data.recommendationId === compta)).toHaveLength(3));
    const lifecycle = all.filter((e) => e.data.recommendationId === compta);
    expect(lifecycle.map((e) => e.type)).toEqual(['report.recommendation.issued', 'report.recommendation.cleared', 'report.recommendation.issued']);
    expect(new Set(lifecycle.map((e) => e.id)).size).toBe(3);
    expect(lifecycle[2].data.title).toBe("Synchronisation compta : 43 % d'échecs sur 7 jours (4 % la semaine précédente)");
  });

  it('recomputes on its interval without being asked', async () => {
    await service.stop();
    service = await startAnomaly({ ...env.env, ANOMALY_PORT: '0', LOG_LEVEL: 'warn', ANOMALY_RECOMMENDATIONS_INTERVAL_MS: '1000' });
    // The interval analyses as of the latest day in the projection, today (the service's own heartbeat).
    const today = parisDay(new Date());
    for (const [d, instance] of [[2, 'sync-i2'], [1, 'sync-i3'], [0, 'sync-i4']] as const) {
      await publisher.publish(heartbeat('sync', instance, shiftDay(today, -d)));
    }
    const sync = recId('service-restarting', 'sync', 'global');
    const all = await eventually(announced, (a) => expect(a.map((e) => e.data.recommendationId)).toContain(sync));
    expect(all.find((e) => e.data.recommendationId === sync)!.data.title).toBe('Service sync : 3 redémarrages en 7 jours');
  });
});
