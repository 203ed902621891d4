// The point of this test is the real anomaly service filling the projections the report reads.
// eslint-disable-next-line @nx/enforce-module-boundaries
import { startAnomaly } from '@vigie/anomaly';
import { createEvent, eurosToCents, type AnyEvent, type Envelope } from '@vigie/contracts';
import type { RunningService } from '@vigie/health';
import { EventPublisher } from '@vigie/messaging';
import { cashSessionClosed, collectEvents, LocalSmtpServer, testEnvironment, waitForEvent, type TestEnvironment } from '@vigie/testing';
import { Client } from 'pg';
import { Clock, startReporting } from './app';
import { weeklyEventIdFor } from './domain/ids';
import { localDay, nextOccurrence } from './domain/iso-week';
import { kpi, type Kpi, type RecommendationFact } from './domain/kpi';
import type { ScopeKpis, WeeklyReport } from './domain/weekly-report';

class FixedClock extends Clock {
  constructor(private at: Date) {
    super();
  }

  override now(): Date {
    return new Date(this.at);
  }

  set(iso: string): void {
    this.at = new Date(iso);
  }
}

const WEEKLY = 'reporting.generate-weekly-report';
/** Monday 30 March 2026, 08:01 in Paris (summer time since the day before). */
const MONDAY_AFTER_W13 = '2026-03-30T06:01:00.000Z';
const W12 = ['2026-03-16', '2026-03-17', '2026-03-18', '2026-03-19', '2026-03-20', '2026-03-21', '2026-03-22'];
const W13 = ['2026-03-23', '2026-03-24', '2026-03-25', '2026-03-26', '2026-03-27', '2026-03-28', '2026-03-29'];

// ---------------------------------------------------------------------------------------------------
// Two weeks of raw domain events, with edges: a session opened at 00:15 on Monday (Paris, winter time),
// one closed at 23:30 on Sunday (Paris, summer time), one opened at 00:30 the Monday after (excluded).

let n = 0;
const id = (p: string) => `${p}-${++n}`;

function session(site: string, registerId: string, openedAt: string, sales: [number, 'cash' | 'card' | 'check' | 'other', string][], close?: { variance: number; at: string }): AnyEvent[] {
  const sessionId = id('sess');
  const opening = 100;
  const events: AnyEvent[] = [
    createEvent('cash.session.opened', { sessionId, registerId, operatorId: 'op-1', openingAmount: opening }, { source: 'cash', siteId: site, occurredAt: openedAt }),
    ...sales.map(([amount, paymentMethod, at]) =>
      createEvent('cash.sale.recorded', { sessionId, registerId, saleId: id('sale'), amount, paymentMethod, itemCount: 1 }, { source: 'cash', siteId: site, occurredAt: at }),
    ),
  ];
  if (close) {
    const cashSales = sales.filter(([, m]) => m === 'cash').reduce((s, [a]) => s + eurosToCents(a), 0) / 100;
    const totalSales = sales.reduce((s, [a]) => s + eurosToCents(a), 0) / 100;
    events.push(
      cashSessionClosed(
        {
          sessionId,
          registerId,
          openingAmount: opening,
          cashSales,
          countedCash: (eurosToCents(opening) + eurosToCents(cashSales) + eurosToCents(close.variance)) / 100,
          totalSales,
          salesCount: sales.length,
          ...(close.variance !== 0 ? { comment: 'écart' } : {}),
        },
        { source: 'cash', siteId: site, occurredAt: close.at },
      ),
    );
  }
  return events;
}

const syncRun = (site: string, target: string, startedAt: string, outcome: ('fail' | 'ok')[]): AnyEvent[] => {
  const runId = id('run');
  const at = (i: number) => new Date(Date.parse(startedAt) + (i + 1) * 60_000).toISOString();
  return [
    createEvent('sync.run.started', { runId, target }, { source: 'sync', siteId: site, occurredAt: startedAt }),
    ...outcome.map((o, i) =>
      o === 'ok'
        ? createEvent('sync.run.succeeded', { runId, target, durationMs: 1200, itemCount: 10 }, { source: 'sync', siteId: site, occurredAt: at(i) })
        : createEvent('sync.run.failed', { runId, target, durationMs: 800, attempt: i + 1, error: { code: 'sync.http-503', message: 'indisponible' } }, { source: 'sync', siteId: site, occurredAt: at(i) }),
    ),
  ];
};

const classified = (model: string, latencyMs: number, confidence: number, at: string, depositId = id('dep')) =>
  createEvent('ai.classification.completed', { depositId, requestId: id('req'), model, category: 'tools', confidence, latencyMs }, { source: 'ai', siteId: 'site-1', occurredAt: at });
const aiFailed = (model: string, latencyMs: number, at: string, depositId: string) =>
  createEvent('ai.classification.failed', { depositId, requestId: id('req'), model, latencyMs, error: { code: 'ai.timeout', message: 'lent' } }, { source: 'ai', siteId: 'site-1', occurredAt: at });
const corrected = (model: string, at: string) =>
  createEvent('ai.classification.corrected', { depositId: id('dep'), requestId: id('req'), model, fromCategory: 'tools', toCategory: 'toys' }, { source: 'ai', siteId: 'site-1', occurredAt: at });
const heartbeat = (service: string, instanceId: string, at: string) =>
  createEvent('ops.heartbeat.emitted', { service, instanceId, version: '0.1.0', startedAt: at }, { source: service, siteId: 'global', occurredAt: at });
const probe = (target: string, ok: boolean, at: string) =>
  createEvent('ops.probe.completed', { target, ok, latencyMs: 12, ...(ok ? { status: 200 } : { status: 503 }) }, { source: 'monitor', siteId: 'global', occurredAt: at });
const login = (ok: boolean, at: string) =>
  ok
    ? createEvent('auth.login.succeeded', { principal: 'p-7c1e', channel: 'web' }, { source: 'gateway', siteId: 'global', occurredAt: at })
    : createEvent('auth.login.failed', { principal: 'p-7c1e', channel: 'web', reason: 'bad-password' }, { source: 'gateway', siteId: 'global', occurredAt: at });

function rawWeeks(): AnyEvent[] {
  const remoteFailure = id('dep');
  return [
    // Week 12
    ...session('site-1', 'reg-1', '2026-03-16T08:00:00.000Z', [[20, 'cash', '2026-03-16T09:00:00.000Z'], [15.5, 'card', '2026-03-16T10:00:00.000Z']], { variance: 0, at: '2026-03-16T17:00:00.000Z' }),
    ...session('site-2', 'reg-9', '2026-03-18T08:00:00.000Z', [[40, 'cash', '2026-03-18T09:00:00.000Z']], { variance: -12, at: '2026-03-18T17:00:00.000Z' }),
    ...syncRun('site-1', 'compta', '2026-03-17T02:00:00.000Z', ['ok']),
    ...syncRun('site-1', 'compta', '2026-03-18T02:00:00.000Z', ['ok']),
    classified('remote-v1', 400, 0.9, '2026-03-17T10:00:00.000Z'),
    classified('remote-v1', 600, 0.8, '2026-03-17T10:05:00.000Z'),
    classified('remote-v1', 800, 0.65, '2026-03-17T10:10:00.000Z'),
    classified('remote-v1', 1200, 0.95, '2026-03-17T10:15:00.000Z'),
    classified('remote-v1', 2500, 0.5, '2026-03-17T10:20:00.000Z'),
    corrected('remote-v1', '2026-03-17T11:00:00.000Z'),
    login(false, '2026-03-19T08:00:00.000Z'),
    heartbeat('cash', 'cash-i1', '2026-03-16T07:00:00.000Z'),
    heartbeat('cash', 'cash-i1', '2026-03-17T07:00:00.000Z'),
    ...['2026-03-16', '2026-03-17', '2026-03-18', '2026-03-19', '2026-03-20'].map((d) => probe('cash', true, `${d}T12:00:00.000Z`)),
    // Week 13 — Monday 00:15 in Paris is still Sunday 23:15 UTC.
    ...session(
      'site-1',
      'reg-1',
      '2026-03-22T23:15:00.000Z',
      [
        [12.5, 'cash', '2026-03-23T09:00:00.000Z'],
        [30, 'card', '2026-03-23T10:00:00.000Z'],
        [7.25, 'check', '2026-03-23T11:00:00.000Z'],
      ],
      { variance: -15, at: '2026-03-23T18:00:00.000Z' },
    ),
    ...session('site-1', 'reg-2', '2026-03-25T08:00:00.000Z', [[22, 'cash', '2026-03-25T09:00:00.000Z']], { variance: 0.5, at: '2026-03-25T17:00:00.000Z' }),
    // Sunday 29 March, 23:30 in Paris (UTC+2 since that morning) is 21:30 UTC: still week 13.
    ...session(
      'site-2',
      'reg-9',
      '2026-03-29T08:00:00.000Z',
      [
        [60, 'cash', '2026-03-29T09:00:00.000Z'],
        [9.9, 'other', '2026-03-29T10:00:00.000Z'],
      ],
      { variance: -55, at: '2026-03-29T21:30:00.000Z' },
    ),
    // Monday 30 March, 00:30 in Paris: week 14, in no figure of the report.
    ...session('site-1', 'reg-1', '2026-03-29T22:30:00.000Z', [[99, 'cash', '2026-03-29T22:40:00.000Z']]),
    ...syncRun('site-1', 'compta', '2026-03-24T02:00:00.000Z', ['fail']),
    ...syncRun('site-1', 'compta', '2026-03-24T03:00:00.000Z', ['fail', 'fail']),
    ...syncRun('site-1', 'compta', '2026-03-24T04:00:00.000Z', ['fail']),
    ...syncRun('site-1', 'compta', '2026-03-24T06:00:00.000Z', ['ok']),
    ...syncRun('site-2', 'drive', '2026-03-27T02:00:00.000Z', ['ok']),
    ...[300, 450, 700, 900, 1500, 2200, 2800].map((ms, i) => classified('remote-v1', ms, [0.9, 0.6, 0.85, 0.75, 0.95, 0.66, 0.99][i], `2026-03-25T1${i}:00:00.000Z`)),
    aiFailed('remote-v1', 3100, '2026-03-26T10:00:00.000Z', remoteFailure),
    classified('local-rules-v1', 50, 0.7, '2026-03-26T10:00:03.000Z', remoteFailure),
    corrected('remote-v1', '2026-03-26T11:00:00.000Z'),
    corrected('local-rules-v1', '2026-03-26T11:05:00.000Z'),
    login(true, '2026-03-24T08:00:00.000Z'),
    login(false, '2026-03-24T08:01:00.000Z'),
    login(false, '2026-03-24T08:02:00.000Z'),
    heartbeat('cash', 'cash-i1', '2026-03-23T07:00:00.000Z'),
    heartbeat('cash', 'cash-i2', '2026-03-24T07:00:00.000Z'),
    // The ai service restarts three times: enough for a maintenance recommendation.
    ...['2026-03-26', '2026-03-27', '2026-03-28', '2026-03-29'].map((d, i) => heartbeat('ai', `ai-i${i + 1}`, `${d}T07:00:00.000Z`)),
    ...W13.map((d) => probe('cash', true, `${d}T12:00:00.000Z`)),
    probe('cash', false, '2026-03-26T12:00:30.000Z'),
  ];
}

// ---------------------------------------------------------------------------------------------------
// The recomputation: from the raw events only, with the report's definitions (ARCHITECTURE.md rules).

const PARIS = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' });
const parisDay = (iso: string) => PARIS.format(new Date(iso));
const LATENCY_BOUNDS = [250, 500, 1000, 2000, 3000, 5000, 10000, 30000];
const SEVERITY_RANK = { critical: 0, warning: 1, info: 2 } as const;
const sum = (xs: number[]) => xs.reduce((s, x) => s + x, 0);
const ratioOf = (a: number, b: number) => (b === 0 ? null : a / b);
const meanOf = (xs: number[]) => (xs.length === 0 ? null : sum(xs) / xs.length);

interface Timeline {
  anomalyId: string;
  ruleId: string;
  siteId: string;
  severity: 'info' | 'warning' | 'critical';
  raisedAt: string;
  ackAt?: string;
  resolvedAt?: string;
}

function timelines(anomalyEvents: AnyEvent[]): Timeline[] {
  const by = new Map<string, Timeline>();
  for (const e of anomalyEvents) {
    if (!e.type.startsWith('anomaly.alert.')) continue;
    const d = (e as Envelope<'anomaly.alert.raised'>).data;
    const t = by.get(d.anomalyId) ?? { anomalyId: d.anomalyId, ruleId: d.ruleId, siteId: e.siteId, severity: d.severity, raisedAt: d.firstSeenAt ?? e.occurredAt };
    if (e.type === 'anomaly.alert.raised') Object.assign(t, { severity: d.severity, raisedAt: d.firstSeenAt ?? e.occurredAt });
    if (e.type === 'anomaly.alert.acknowledged' && (!t.ackAt || e.occurredAt < t.ackAt)) t.ackAt = e.occurredAt;
    if (e.type === 'anomaly.alert.resolved' && !t.resolvedAt) t.resolvedAt = d.resolvedAt ?? e.occurredAt;
    by.set(d.anomalyId, t);
  }
  return [...by.values()];
}

/** Restarts as the projection counts them: a heartbeat of an instance never seen, of a service that had one. */
function restartIds(opsEvents: AnyEvent[]): Set<string> {
  const seen = new Map<string, Set<string>>();
  const out = new Set<string>();
  for (const e of opsEvents) {
    if (e.type !== 'ops.heartbeat.emitted') continue;
    const s = seen.get(e.data.service) ?? new Set<string>();
    if (!s.has(e.data.instanceId) && s.size > 0) out.add(e.id);
    s.add(e.data.instanceId);
    seen.set(e.data.service, s);
  }
  return out;
}

function recompute(domain: AnyEvent[], anomalies: Timeline[], restarts: Set<string>, recommendations: RecommendationFact[], site?: string): ScopeKpis {
  const mine = (siteId: string) => site === undefined || siteId === site;
  const events = (days: string[]) => domain.filter((e) => mine(e.siteId) && days.includes(parisDay(e.occurredAt)));
  const of = <T extends AnyEvent['type']>(days: string[], type: T) => events(days).filter((e): e is Extract<AnyEvent, { type: T }> => e.type === type);
  const both = <T,>(f: (days: string[]) => T): [T, T] => [f(W13), f(W12)];
  const k = (f: (days: string[]) => number | null, unit: 'count' | 'euros' | 'ratio' | 'ms'): Kpi => kpi(...both(f), unit);

  const cents = (days: string[]) => sum(of(days, 'cash.sale.recorded').map((s) => eurosToCents(s.data.amount)));
  const large = (days: string[]) => of(days, 'cash.session.closed').filter((c) => Math.abs(eurosToCents(c.data.variance)) > 1000);
  const registers = (days: string[]) => [...new Set(large(days).map((c) => `${c.siteId}/${c.data.registerId}`))];

  const ai = (days: string[], model?: string) => {
    const m = <E extends { data: { model: string } }>(xs: E[]) => xs.filter((x) => model === undefined || x.data.model === model);
    const done = m(of(days, 'ai.classification.completed'));
    const failed = m(of(days, 'ai.classification.failed'));
    const latencies = [...done, ...failed].map((x) => x.data.latencyMs).sort((a, b) => a - b);
    const rank = Math.min(latencies.length, Math.max(1, Math.ceil(0.95 * latencies.length)));
    const p95 = latencies.length === 0 ? null : (LATENCY_BOUNDS.find((b) => latencies[rank - 1] <= b) ?? null);
    return {
      answers: done.length,
      failures: failed.length,
      errorRate: ratioOf(failed.length, done.length + failed.length),
      p95,
      mean: meanOf(latencies),
      correctionRate: ratioOf(m(of(days, 'ai.classification.corrected')).length, done.length),
      lowShare: ratioOf(done.filter((x) => x.data.confidence < 0.7).length, done.length),
    };
  };
  const models = [...new Set([...events(W13), ...events(W12)].filter((e) => e.type.startsWith('ai.')).map((e) => (e.data as { model: string }).model))].sort();

  const sync = (days: string[], target?: string) => {
    const t = <E extends { data: { target: string } }>(xs: E[]) => xs.filter((x) => target === undefined || x.data.target === target);
    const runs = t(of(days, 'sync.run.started')).length;
    const succeeded = t(of(days, 'sync.run.succeeded')).length;
    return { runs, succeeded, failed: t(of(days, 'sync.run.failed')).length, rate: ratioOf(succeeded, runs) };
  };
  const syncKpis = (target?: string) => ({
    runs: k((d) => sync(d, target).runs, 'count'),
    succeeded: k((d) => sync(d, target).succeeded, 'count'),
    failedAttempts: k((d) => sync(d, target).failed, 'count'),
    successRate: k((d) => sync(d, target).rate, 'ratio'),
  });
  const targets = [...new Set([...events(W13), ...events(W12)].filter((e) => e.type.startsWith('sync.')).map((e) => (e.data as { target: string }).target))].sort();

  const opsKeys = [
    ...new Set(
      [...events(W13), ...events(W12)].flatMap((e) => (e.type === 'ops.probe.completed' ? [e.data.target] : e.type === 'ops.heartbeat.emitted' ? [e.data.service] : [])),
    ),
  ].sort();
  const probes = (days: string[], service: string) => of(days, 'ops.probe.completed').filter((p) => p.data.target === service);

  const facts = anomalies.filter((a) => mine(a.siteId));
  const touching = (a: Timeline) => [a.raisedAt, a.ackAt, a.resolvedAt].some((t) => t !== undefined && [...W12, ...W13].includes(parisDay(t)));
  const anomalyKpis = (rule?: string) => {
    const mineRule = facts.filter((a) => rule === undefined || a.ruleId === rule);
    const raised = (days: string[]) => mineRule.filter((a) => days.includes(parisDay(a.raisedAt)));
    const acked = (days: string[]) => mineRule.filter((a) => a.ackAt && days.includes(parisDay(a.ackAt)));
    const resolved = (days: string[]) => mineRule.filter((a) => a.resolvedAt && days.includes(parisDay(a.resolvedAt)));
    return {
      raised: k((d) => raised(d).length, 'count'),
      bySeverity: {
        critical: k((d) => raised(d).filter((a) => a.severity === 'critical').length, 'count'),
        warning: k((d) => raised(d).filter((a) => a.severity === 'warning').length, 'count'),
        info: k((d) => raised(d).filter((a) => a.severity === 'info').length, 'count'),
      },
      acknowledged: k((d) => acked(d).length, 'count'),
      resolved: k((d) => resolved(d).length, 'count'),
      meanTimeToAcknowledgeMs: k((d) => meanOf(acked(d).map((a) => Date.parse(a.ackAt!) - Date.parse(a.raisedAt))), 'ms'),
      meanTimeToResolveMs: k((d) => meanOf(resolved(d).map((a) => Date.parse(a.resolvedAt!) - Date.parse(a.raisedAt))), 'ms'),
    };
  };

  return {
    cash: {
      sessionsOpened: k((d) => of(d, 'cash.session.opened').length, 'count'),
      sessionsClosed: k((d) => of(d, 'cash.session.closed').length, 'count'),
      salesCount: k((d) => of(d, 'cash.sale.recorded').length, 'count'),
      salesTotal: k((d) => cents(d) / 100, 'euros'),
      averageBasket: k((d) => (of(d, 'cash.sale.recorded').length === 0 ? null : Math.round(cents(d) / of(d, 'cash.sale.recorded').length) / 100), 'euros'),
      variances: {
        count: k((d) => large(d).length, 'count'),
        shortfalls: k((d) => large(d).filter((c) => eurosToCents(c.data.variance) < 0).length, 'count'),
        totalAbs: k((d) => sum(of(d, 'cash.session.closed').map((c) => Math.abs(eurosToCents(c.data.variance)))) / 100, 'euros'),
        registers: k((d) => registers(d).length, 'count'),
        registersConcerned: registers(W13)
          .map((r) => {
            const [siteId, registerId] = r.split('/');
            return { siteId, registerId, largeVariances: large(W13).filter((c) => c.siteId === siteId && c.data.registerId === registerId).length };
          })
          .sort((a, b) => b.largeVariances - a.largeVariances || a.siteId.localeCompare(b.siteId) || a.registerId.localeCompare(b.registerId)),
      },
    },
    ai: {
      deposits: k((d) => ai(d).answers, 'count'),
      attempts: k((d) => ai(d).answers + ai(d).failures, 'count'),
      failures: k((d) => ai(d).failures, 'count'),
      errorRate: k((d) => ai(d).errorRate, 'ratio'),
      latencyP95Ms: k((d) => ai(d).p95, 'ms'),
      meanLatencyMs: k((d) => ai(d).mean, 'ms'),
      correctionRate: k((d) => ai(d).correctionRate, 'ratio'),
      lowConfidenceShare: k((d) => ai(d).lowShare, 'ratio'),
      byModel: Object.fromEntries(
        models.map((m) => [
          m,
          {
            classifications: k((d) => ai(d, m).answers, 'count'),
            failures: k((d) => ai(d, m).failures, 'count'),
            errorRate: k((d) => ai(d, m).errorRate, 'ratio'),
            latencyP95Ms: k((d) => ai(d, m).p95, 'ms'),
            correctionRate: k((d) => ai(d, m).correctionRate, 'ratio'),
            lowConfidenceShare: k((d) => ai(d, m).lowShare, 'ratio'),
          },
        ]),
      ),
    },
    sync: { ...syncKpis(), byTarget: Object.fromEntries(targets.map((t) => [t, syncKpis(t)])) },
    uptime: {
      byService: Object.fromEntries(
        opsKeys.map((s) => [
          s,
          {
            uptime: k((d) => ratioOf(probes(d, s).filter((p) => p.data.ok).length, probes(d, s).length), 'ratio'),
            probes: k((d) => probes(d, s).length, 'count'),
            restarts: k((d) => of(d, 'ops.heartbeat.emitted').filter((h) => h.data.service === s && restarts.has(h.id)).length, 'count'),
          },
        ]),
      ),
    },
    logins: { succeeded: k((d) => of(d, 'auth.login.succeeded').length, 'count'), failed: k((d) => of(d, 'auth.login.failed').length, 'count') },
    pipeline: { deadLetters: kpi(0, 0, 'count') },
    anomalies: {
      ...anomalyKpis(),
      byRule: Object.fromEntries([...new Set(facts.filter(touching).map((a) => a.ruleId))].sort().map((r) => [r, anomalyKpis(r)])),
    },
    recommendations: recommendations
      .filter((r) => mine(r.siteId))
      .sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || a.kind.localeCompare(b.kind) || a.siteId.localeCompare(b.siteId) || a.subject.localeCompare(b.subject))
      .slice(0, 5),
  };
}

// ---------------------------------------------------------------------------------------------------

describe('weekly report (real NATS + Postgres + anomaly service + Agenda on Postgres + local SMTP)', () => {
  let env: TestEnvironment;
  let smtp: LocalSmtpServer;
  let anomaly: RunningService | undefined;
  let first: RunningService | undefined;
  let second: RunningService | undefined;
  let db: Client;
  const clock = new FixedClock(new Date(MONDAY_AFTER_W13));
  const raw = rawWeeks();

  const reportingEnv = () => ({
    ...env.env,
    REPORTING_PORT: '0',
    LOG_LEVEL: 'error' as const,
    ANOMALY_URL: anomaly!.url,
    SMTP_URL: smtp.url(),
    REPORT_EMAIL_TO: 'admin@ressourcerie.test',
    AGENDA_LOCK_LIFETIME_MS: '2000',
    AGENDA_PROCESS_EVERY_MS: '300',
    REPORT_PROJECTION_WAIT_MS: '20000',
    REPORTING_OUTBOX_INTERVAL_MS: '200',
  });
  const get = async (service: RunningService, path: string) => {
    const res = await fetch(`${service.url}${path}`);
    const text = await res.text();
    return { status: res.status, headers: res.headers, text, body: res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : undefined };
  };
  const post = async (service: RunningService, path: string) => {
    const res = await fetch(`${service.url}${path}`, { method: 'POST' });
    return { status: res.status, body: await res.json() };
  };
  const sql = async <T,>(text: string, params: unknown[] = []) => (await db.query(text, params)).rows as T[];
  const finishedRuns = async (job: string) =>
    Number((await sql<{ n: string }>(`select count(*) as n from reporting.job_run where job_name = $1 and outcome <> 'running'`, [job]))[0].n);
  const until = async (what: string, check: () => Promise<boolean>, timeoutMs = 20_000) => {
    const deadline = Date.now() + timeoutMs;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 150));
    }
  };
  const weeklyEvents = async () => (await collectEvents(env.bus, 'REPORT')).filter((f) => f.event.type === 'report.weekly.generated');
  const reportWeeks = async () => (await sql<{ iso_week: string }>(`select iso_week from reporting.weekly_report order by iso_week`)).map((r) => r.iso_week);

  beforeAll(async () => {
    env = await testEnvironment({ name: 'reporting-test' });
    smtp = await LocalSmtpServer.start();
    db = new Client({ connectionString: env.database.url });
    await db.connect();
    const publisher = new EventPublisher(env.bus);
    for (const event of raw) await publisher.publish(event);
    anomaly = await startAnomaly({ ...env.env, ANOMALY_PORT: '0', LOG_LEVEL: 'error' });

    // The detectors raise three cash.variance anomalies and the sync ones; admins acknowledge two
    // cash variances (one raised the week before), at these times.
    const variance = (siteId: string, at: string) => (e: AnyEvent) =>
      e.type === 'anomaly.alert.raised' && e.data.ruleId === 'cash.variance' && e.siteId === siteId && e.occurredAt === at;
    const [site1, site2] = await Promise.all([
      waitForEvent(env.bus, 'ANOMALY', variance('site-1', '2026-03-23T18:00:00.000Z'), { timeoutMs: 20_000 }),
      waitForEvent(env.bus, 'ANOMALY', variance('site-2', '2026-03-18T17:00:00.000Z'), { timeoutMs: 20_000 }),
      waitForEvent(env.bus, 'ANOMALY', variance('site-2', '2026-03-29T21:30:00.000Z'), { timeoutMs: 20_000 }),
      waitForEvent(env.bus, 'ANOMALY', (e) => e.type === 'anomaly.alert.resolved' && e.data.ruleId === 'sync.consecutive-failures', { timeoutMs: 20_000 }),
    ]);
    const ack = (raised: AnyEvent, at: string) => {
      const data = (raised as Envelope<'anomaly.alert.raised'>).data;
      return createEvent('anomaly.alert.acknowledged', { ...data, by: 'p-admin' }, { source: 'anomaly', siteId: raised.siteId, occurredAt: at });
    };
    await publisher.publish(ack(site1.event, '2026-03-23T19:30:00.000Z'));
    await publisher.publish(ack(site2.event, '2026-03-23T09:00:00.000Z'));
    // Recommendations as the daily job would leave them: as of today by the reporting clock (the anomaly
    // service's own heartbeats put today's wall-clock day in the projection too).
    expect((await post(anomaly, `/recommendations/analyze?asOf=${localDay(clock.now(), 'Europe/Paris')}`)).status).toBe(200);

    first = await startReporting(reportingEnv(), { clock });
  }, 60_000);

  afterAll(async () => {
    await second?.stop();
    await first?.stop();
    await anomaly?.stop();
    await smtp?.stop();
    await db?.end();
    await env?.cleanup();
  });

  let report: WeeklyReport;

  it('at boot, generates last week’s report once the projections caught up: every KPI equals a recomputation from the raw events', async () => {
    await until('the 2026-W13 report', async () => (await get(first!, '/reports/2026-W13')).status === 200);
    const stored = await get(first!, '/reports/2026-W13');
    report = stored.body.report;
    expect(stored.body).toMatchObject({ isoWeek: '2026-W13', reportId: 'weekly-2026-W13', from: '2026-03-23', to: '2026-03-29', generatedAt: MONDAY_AFTER_W13 });

    const domain = (await Promise.all((['CASH', 'SYNC', 'AI', 'AUTH', 'OPS'] as const).map((s) => collectEvents(env.bus, s)))).flat();
    const anomalyEvents = (await collectEvents(env.bus, 'ANOMALY')).map((f) => f.event);
    const facts = timelines(anomalyEvents);
    const restarts = restartIds((await collectEvents(env.bus, 'OPS')).map((f) => f.event));
    const recommendations = (await get(anomaly!, '/recommendations')).body.items as RecommendationFact[];
    const events = domain.map((f) => f.event);

    // The week holds what the raw events say (sanity of the fixture, not of the code under test).
    expect(facts.filter((a) => W13.includes(parisDay(a.raisedAt))).length).toBeGreaterThanOrEqual(4);
    expect(facts.filter((a) => a.ackAt && W13.includes(parisDay(a.ackAt))).length).toBe(2);

    const only = (xs: RecommendationFact[]) =>
      xs.map(({ recommendationId, kind, siteId, subject, severity, title, summary, actions }) => ({ recommendationId, kind, siteId, subject, severity, title, summary, actions }));
    const expected = recompute(events, facts, restarts, only(recommendations));
    expect(report.overall).toEqual(expected);
    for (const site of ['global', 'site-1', 'site-2']) expect(report.sites[site]).toEqual(recompute(events, facts, restarts, only(recommendations), site));
    expect(Object.keys(report.sites)).toEqual(['global', 'site-1', 'site-2']);

    // Spot checks against hand arithmetic, so a shared misreading of the events would show.
    expect(report.overall.cash.salesTotal).toEqual({ value: 141.65, previous: 75.5, change: 66.15, changePct: 0.8762 });
    expect(report.overall.cash.variances.registersConcerned).toEqual([
      { siteId: 'site-1', registerId: 'reg-1', largeVariances: 1 },
      { siteId: 'site-2', registerId: 'reg-9', largeVariances: 1 },
    ]);
    expect(report.overall.ai.errorRate.value).toBe(0.1111);
    expect(report.overall.sync.byTarget.compta.successRate.value).toBe(0.25);
    expect(report.overall.uptime.byService.cash.restarts.value).toBe(1);
    expect(report.overall.uptime.byService.ai).toMatchObject({ uptime: { value: null }, restarts: { value: 3, previous: 0 } });
    expect(report.overall.recommendations.map((r) => [r.kind, r.subject, r.severity])).toEqual([['service-restarting', 'ai', 'warning']]);
    expect(report.sites.global.recommendations).toEqual(report.overall.recommendations);
  });

  it('publishes report.weekly.generated once, with a deterministic id, the flat summary and the Telegram text', async () => {
    await until('the event', async () => (await weeklyEvents()).length === 1);
    const [{ event, subject }] = await weeklyEvents();
    expect(subject).toBe(`recyclic-${env.namespace}.report.weekly.generated.global.weekly`);
    expect(event).toMatchObject({ id: weeklyEventIdFor('2026-W13'), source: 'reporting', siteId: 'global', occurredAt: MONDAY_AFTER_W13 });
    const data = (event as Envelope<'report.weekly.generated'>).data;
    expect(data.reportId).toBe('weekly-2026-W13');
    expect(data.kpis).toMatchObject({ salesTotal: 141.65, cashSessions: 3, overall: report.overall, sites: report.sites });
    expect((data.kpis.messages as { telegram: string }).telegram).toContain("Chiffre d'affaires : 141,65 € (+87,6 %)");
  });

  it('e-mails it once, with the daily sales chart as an inline PNG', async () => {
    const [mail] = await smtp.waitForMessages(1, 10_000);
    expect(mail.to).toEqual(['admin@ressourcerie.test']);
    expect(mail.subject).toBe('Vigie — Rapport hebdomadaire — semaine 2026-W13 (du 23/03/2026 au 29/03/2026)');
    expect(mail.html).toContain('<img src="cid:ventes-semaine@vigie"');
    expect(mail.html).toContain('<b>141,65 €</b>');
    expect(mail.raw).toMatch(/Content-Type: image\/png/i);
    expect(mail.raw).toMatch(/Content-ID: <ventes-semaine@vigie>/i);
    expect(mail.raw).toContain('Message-ID: <weekly-2026-W13@vigie.reporting>');
  });

  it('a second instance and runs on demand on both never produce it twice; one queued run runs on one instance only', async () => {
    second = await startReporting(reportingEnv(), { clock });
    await until('the second instance’s boot run', async () => (await finishedRuns(WEEKLY)) >= 2);

    const before = await finishedRuns(WEEKLY);
    expect((await post(second, `/jobs/${WEEKLY}/run`)).status).toBe(202);
    await until('the run on demand', async () => (await finishedRuns(WEEKLY)) === before + 1);
    // Both instances poll every 300 ms: give them time to run it a second time if they could.
    await new Promise((r) => setTimeout(r, 1500));
    expect(await finishedRuns(WEEKLY)).toBe(before + 1);

    await Promise.all([post(first!, `/jobs/${WEEKLY}/run`), post(second, `/jobs/${WEEKLY}/run`)]);
    await until('both runs', async () => (await finishedRuns(WEEKLY)) === before + 3);
    const runs = await sql<{ outcome: string; summary: { generated: string[] } }>(
      `select outcome, summary from reporting.job_run where job_name = $1 order by id`,
      [WEEKLY],
    );
    expect(runs.every((r) => r.outcome === 'succeeded')).toBe(true);
    expect(runs.filter((r) => r.summary.generated.length > 0).map((r) => r.summary.generated)).toEqual([['2026-W13']]);

    expect(await reportWeeks()).toEqual(['2026-W13']);
    expect(await weeklyEvents()).toHaveLength(1);
    expect(smtp.messages()).toHaveLength(1);
  });

  it('a restart does not send it again', async () => {
    await first!.stop();
    const runs = await finishedRuns(WEEKLY);
    first = await startReporting(reportingEnv(), { clock });
    await until('the boot run after the restart', async () => (await finishedRuns(WEEKLY)) === runs + 1);
    expect(await reportWeeks()).toEqual(['2026-W13']);
    expect(await weeklyEvents()).toHaveLength(1);
    expect(smtp.messages()).toHaveLength(1);
  });

  it('after downtime, catches up the missed weeks once each; an e-mail refused is sent by the next run, once', async () => {
    // Two Mondays later, 09:30 in Paris: weeks 14 and 15 were never generated.
    clock.set('2026-04-13T07:30:00.000Z');
    smtp.rejectNext(1, { code: 451 });
    const runs = await finishedRuns(WEEKLY);
    expect((await post(first!, `/jobs/${WEEKLY}/run`)).status).toBe(202);
    await until('the catch-up run', async () => (await finishedRuns(WEEKLY)) === runs + 1);
    expect(await reportWeeks()).toEqual(['2026-W13', '2026-W14', '2026-W15']);
    const [failed] = await sql<{ outcome: string; error: string }>(`select outcome, error from reporting.job_run where job_name = $1 order by id desc limit 1`, [WEEKLY]);
    expect(failed.outcome).toBe('failed');
    expect(failed.error).toMatch(/^report\(s\) 2026-W14, 2026-W15 generated, e-mail not sent \(2026-W14: .*451/);
    const jobs = (await get(first!, '/jobs')).body.items as { name: string; status: string }[];
    expect(jobs.find((j) => j.name === WEEKLY)?.status).toBe('failed');
    // Announced on OPS (rule job.failed), with when the schedule next owes a run: Monday 20 April, 08:00 Paris.
    const { event: outcome } = await waitForEvent(env.bus, 'OPS', (e) => e.type === 'ops.job.completed' && e.data.job === WEEKLY && e.data.status === 'failed');
    expect(outcome).toMatchObject({ source: 'reporting', siteId: 'global', occurredAt: '2026-04-13T07:30:00.000Z' });
    expect((outcome as Envelope<'ops.job.completed'>).data).toMatchObject({ trigger: 'manual', error: failed.error, nextDueAt: '2026-04-20T06:00:00.000Z' });
    // ...and the anomaly service raises job.failed from it (a failed job is itself an anomaly).
    const { event: jobFailed } = await waitForEvent(
      env.bus,
      'ANOMALY',
      (e) => e.type === 'anomaly.alert.raised' && e.data.ruleId === 'job.failed' && e.data.key === WEEKLY,
      { timeoutMs: 15_000 },
    );
    expect(jobFailed.causationId).toBe(outcome.id);

    expect((await post(second!, `/jobs/${WEEKLY}/run`)).status).toBe(202);
    await until('the next run', async () => (await finishedRuns(WEEKLY)) === runs + 2);
    expect(await reportWeeks()).toEqual(['2026-W13', '2026-W14', '2026-W15']);
    await until('three events', async () => (await weeklyEvents()).length === 3);
    expect((await weeklyEvents()).map((f) => (f.event as Envelope<'report.weekly.generated'>).data.isoWeek)).toEqual(['2026-W13', '2026-W14', '2026-W15']);
    expect(smtp.messages().map((m) => m.subject.match(/semaine (\S+)/)?.[1]).sort()).toEqual(['2026-W13', '2026-W14', '2026-W15']);
    const w14 = (await get(first!, '/reports/2026-W14')).body.report as WeeklyReport;
    // The sale of 00:40 on Monday 30 March (Paris) belongs to week 14.
    expect(w14.overall.cash.salesTotal).toEqual({ value: 99, previous: 141.65, change: -42.65, changePct: -0.3011 });
  });

  it('lists the reports and serves one as CSV', async () => {
    const list = await get(second!, '/reports');
    expect(list.body.items.map((r: { isoWeek: string }) => r.isoWeek)).toEqual(['2026-W15', '2026-W14', '2026-W13']);
    expect(list.body.items[2]).toMatchObject({ reportId: 'weekly-2026-W13', summary: { salesTotal: 141.65, anomaliesRaised: report.overall.anomalies.raised.value } });

    const csv = await get(second!, '/reports/2026-W13.csv');
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(csv.headers.get('content-disposition')).toBe('attachment; filename="vigie-rapport-2026-W13.csv"');
    const lines = csv.text.replace(/^\ufeff/, '').trimEnd().split('\r\n');
    expect(lines[0]).toBe('week,scope,indicator,unit,value,previous,change,change_pct');
    expect(lines).toContain('2026-W13,overall,cash.salesTotal,EUR,141.65,75.5,66.15,0.8762');
    expect(lines).toContain(`2026-W13,site:site-2,cash.variances.count,count,1,1,0,0`);

    expect((await get(second!, '/reports/2026-W20')).body).toEqual({ error: { code: 'report.not-found', message: 'no weekly report for 2026-W20' } });
    expect((await get(second!, '/reports/2026-W60')).status).toBe(400);
    expect((await get(second!, '/reports/2026-W60.csv')).status).toBe(400);
  });

  it('reports the jobs: last run, outcome, next run; a failed or missed job shows in /jobs, /health/ready and /metrics', async () => {
    const analyze = 'reporting.analyze-recommendations';
    expect((await post(first!, `/jobs/${analyze}/run`)).status).toBe(202);
    await until('the analysis', async () => (await finishedRuns(analyze)) === 1);
    let jobs = (await get(first!, '/jobs')).body.items as {
      name: string;
      status: string;
      schedule: unknown;
      lastRun: { outcome: string; trigger: string; summary: unknown; error: string | null } | null;
      nextRunAt: string;
    }[];
    expect(jobs.map((j) => j.name)).toEqual([WEEKLY, analyze, 'reporting.apply-retention']);
    expect(jobs.find((j) => j.name === WEEKLY)).toMatchObject({
      status: 'ok',
      schedule: { cron: '0 8 * * 1', timeZone: 'Europe/Paris' },
      lastRun: { outcome: 'succeeded', trigger: 'manual' },
    });
    // Agenda schedules on the wall clock: next Monday 08:00 in Paris at the latest (the retry of the
    // run that could not e-mail comes first).
    const weeklyNext = Date.parse(jobs.find((j) => j.name === WEEKLY)!.nextRunAt);
    expect(weeklyNext).toBeGreaterThan(Date.now());
    expect(weeklyNext).toBeLessThanOrEqual(nextOccurrence('0 8 * * 1', 'Europe/Paris', new Date()).getTime());
    // The fixed clock jumped two weeks while no instance ran the daily retention: it did not run.
    expect(jobs.find((j) => j.name === 'reporting.apply-retention')).toMatchObject({
      status: 'missed',
      expectedSince: '2026-04-13T01:30:00.000Z',
      lastRun: null,
      schedule: { cron: '30 3 * * *', timeZone: 'Europe/Paris' },
      nextRunAt: nextOccurrence('30 3 * * *', 'Europe/Paris', new Date()).toISOString(),
    });
    expect(jobs.find((j) => j.name === analyze)?.lastRun).toMatchObject({
      outcome: 'succeeded',
      summary: { issued: expect.any(Number), cleared: expect.any(Number), active: expect.any(Number) },
    });
    expect((await post(first!, '/jobs/reporting.no-such-job/run')).status).toBe(404);

    await anomaly!.stop();
    anomaly = undefined;
    expect((await post(first!, `/jobs/${analyze}/run`)).status).toBe(202);
    await until('the failed analysis', async () => (await finishedRuns(analyze)) === 2);
    jobs = (await get(second!, '/jobs')).body.items;
    expect(jobs.find((j) => j.name === analyze)).toMatchObject({ status: 'failed', lastRun: { outcome: 'failed', error: expect.stringContaining('anomaly service unreachable') } });
    const ready = await get(second!, '/health/ready');
    expect(ready.body.details['consumer:reporting-jobs']).toEqual({ status: 'up', pending: 2 });
    const metrics = (await get(second!, '/metrics')).text;
    expect(metrics).toContain('vigie_job_unhealthy{job="reporting.analyze-recommendations",status="failed",service="reporting"} 1');
    expect(metrics).toContain('vigie_job_unhealthy{job="reporting.apply-retention",status="missed",service="reporting"} 1');
    expect(metrics).toContain('vigie_job_unhealthy{job="reporting.generate-weekly-report",status="ok",service="reporting"} 0');
  });

  it('retention deletes old job runs (keeping each job’s last run and last success), old timeline rows and finished Agenda runs', async () => {
    // Far enough ahead that even what Agenda stamped on the wall clock is old.
    clock.set('2027-06-01T06:00:00.000Z');
    const retention = 'reporting.apply-retention';
    const finishedOneOffs = async () =>
      Number((await sql<{ n: string }>(`select count(*) as n from reporting.agenda_jobs where type = 'normal' and next_run_at is null`))[0].n);
    expect(await finishedOneOffs()).toBeGreaterThan(0);
    expect((await post(first!, `/jobs/${retention}/run`)).status).toBe(202);
    await until('the retention run', async () => (await finishedRuns(retention)) === 1);
    const [run] = await sql<{ outcome: string; summary: { deleted: Record<string, number> } }>(
      `select outcome, summary from reporting.job_run where job_name = $1`,
      [retention],
    );
    expect(run.outcome).toBe('succeeded');
    expect(run.summary.deleted).toMatchObject({ jobRuns: expect.any(Number), anomalyTimeline: expect.any(Number), agendaRuns: expect.any(Number) });
    expect(run.summary.deleted.jobRuns).toBeGreaterThan(0);
    expect(run.summary.deleted.anomalyTimeline).toBeGreaterThan(0);
    const left = await sql<{ job_name: string; outcome: string }>(`select job_name, outcome from reporting.job_run order by id`);
    expect(left).toEqual([
      { job_name: WEEKLY, outcome: 'succeeded' },
      { job_name: 'reporting.analyze-recommendations', outcome: 'succeeded' },
      { job_name: 'reporting.analyze-recommendations', outcome: 'failed' },
      { job_name: retention, outcome: 'succeeded' },
    ]);
    expect(await sql(`select * from reporting.anomaly_timeline`)).toEqual([]);
    // The run that just finished is the only one-off left (removed by the next retention).
    expect(await finishedOneOffs()).toBeLessThanOrEqual(1);
    expect(await reportWeeks()).toEqual(['2026-W13', '2026-W14', '2026-W15']);
  });
});
