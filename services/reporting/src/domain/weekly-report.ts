import { daysOf, shiftWeek, type IsoWeek } from './iso-week';
import {
  kpi,
  latencyPercentile,
  ratio,
  type AnomalyFact,
  type Counters,
  type Kpi,
  type KpiRow,
  type RecommendationFact,
} from './kpi';

export const SEVERITIES = ['critical', 'warning', 'info'] as const;
type Severity = (typeof SEVERITIES)[number];

export interface RegisterVariances {
  siteId: string;
  registerId: string;
  /** Closings with abs(variance) > 10.00 € this week. */
  largeVariances: number;
}

export interface CashKpis {
  sessionsOpened: Kpi;
  sessionsClosed: Kpi;
  salesCount: Kpi;
  /** Euros. */
  salesTotal: Kpi;
  /** Euros per sale. */
  averageBasket: Kpi;
  variances: {
    /** Closings with abs(variance) > 10.00 € (the `cash.variance` threshold). */
    count: Kpi;
    /** Of those, the ones short by more than 10.00 €. */
    shortfalls: Kpi;
    /** Sum of abs(variance) over every closing, euros. */
    totalAbs: Kpi;
    /** Registers with at least one variance above 10.00 €. */
    registers: Kpi;
    registersConcerned: RegisterVariances[];
  };
}

export interface AiModelKpis {
  /** Classifications answered by this model. */
  classifications: Kpi;
  failures: Kpi;
  errorRate: Kpi;
  latencyP95Ms: Kpi;
  correctionRate: Kpi;
  lowConfidenceShare: Kpi;
}

export interface AiKpis {
  /** Deposits classified: each gets exactly one answer (from the provider or the local rules). */
  deposits: Kpi;
  /** Classification attempts: answers plus provider failures. */
  attempts: Kpi;
  failures: Kpi;
  /** Failures / attempts. */
  errorRate: Kpi;
  /** Over every attempt, from the latency histogram (upper bound of the bucket). */
  latencyP95Ms: Kpi;
  meanLatencyMs: Kpi;
  /** Corrections / deposits. */
  correctionRate: Kpi;
  /** Answers with confidence < 0.70 / deposits. */
  lowConfidenceShare: Kpi;
  byModel: Record<string, AiModelKpis>;
}

export interface SyncTargetKpis {
  runs: Kpi;
  succeeded: Kpi;
  /** Failed attempts (a run retries; each failed attempt counts). */
  failedAttempts: Kpi;
  /** Runs succeeded / runs started. */
  successRate: Kpi;
}

export interface ServiceUptime {
  /** Good /health/ready probes / probes (the monitor's). */
  uptime: Kpi;
  probes: Kpi;
  restarts: Kpi;
}

export interface RuleAnomalies {
  raised: Kpi;
  bySeverity: Record<Severity, Kpi>;
  acknowledged: Kpi;
  resolved: Kpi;
  meanTimeToAcknowledgeMs: Kpi;
  meanTimeToResolveMs: Kpi;
}

export interface AnomalyKpis extends RuleAnomalies {
  byRule: Record<string, RuleAnomalies>;
}

export interface ScopeKpis {
  cash: CashKpis;
  ai: AiKpis;
  sync: SyncTargetKpis & { byTarget: Record<string, SyncTargetKpis> };
  uptime: { byService: Record<string, ServiceUptime> };
  logins: { succeeded: Kpi; failed: Kpi };
  pipeline: { deadLetters: Kpi };
  anomalies: AnomalyKpis;
  /** The most severe active maintenance recommendations. */
  recommendations: RecommendationFact[];
}

export interface WeeklyReport {
  isoWeek: IsoWeek;
  previousIsoWeek: IsoWeek;
  /** Monday and Sunday of the week (Europe/Paris calendar days, as the projections count them). */
  from: string;
  to: string;
  overall: ScopeKpis;
  sites: Record<string, ScopeKpis>;
  /** Sales per day, euros, Monday first: the e-mail's chart. */
  chart: { days: string[]; sales: number[]; previousSales: number[] };
}

export interface WeeklyReportInput {
  isoWeek: IsoWeek;
  /** `kpi_daily` rows covering both weeks; rows of other days are ignored. */
  rows: readonly KpiRow[];
  anomalies: readonly AnomalyFact[];
  recommendations: readonly RecommendationFact[];
  /** How many recommendations each scope lists. */
  topRecommendations?: number;
}

interface Window {
  current: readonly KpiRow[];
  previous: readonly KpiRow[];
  anomalies: readonly AnomalyFact[];
  currentDays: ReadonlySet<string>;
  previousDays: ReadonlySet<string>;
}

const SEVERITY_ORDER: Record<Severity, number> = { critical: 0, warning: 1, info: 2 };

function total(rows: readonly KpiRow[], counter: string): number {
  return rows.reduce((s, r) => s + (r.counters[counter] ?? 0), 0);
}

function merged(rows: readonly KpiRow[]): Counters {
  const out: Counters = {};
  for (const r of rows) for (const [k, n] of Object.entries(r.counters)) out[k] = (out[k] ?? 0) + n;
  return out;
}

function keysOf(rows: readonly KpiRow[]): string[] {
  return [...new Set(rows.map((r) => r.key))].sort();
}

function both<T>(w: Window, kind: string, f: (rows: readonly KpiRow[]) => T): [T, T] {
  return [f(w.current.filter((r) => r.kind === kind)), f(w.previous.filter((r) => r.kind === kind))];
}

function counted(w: Window, kind: string, counter: string, divisor = 1, unit: 'count' | 'euros' = 'count'): Kpi {
  const [c, p] = both(w, kind, (rows) => total(rows, counter) / divisor);
  return kpi(c, p, unit);
}

function cashKpis(w: Window): CashKpis {
  const basket = (rows: readonly KpiRow[]) => {
    const count = total(rows, 'salesCount');
    return count === 0 ? null : Math.round(total(rows, 'salesCents') / count) / 100;
  };
  const registers = (rows: readonly KpiRow[]) => {
    const by = new Map<string, RegisterVariances>();
    for (const r of rows) {
      const n = r.counters.largeVariances ?? 0;
      if (n === 0) continue;
      const id = `${r.siteId}\u0000${r.key}`;
      const entry = by.get(id) ?? { siteId: r.siteId, registerId: r.key, largeVariances: 0 };
      entry.largeVariances += n;
      by.set(id, entry);
    }
    return [...by.values()].sort(
      (a, b) => b.largeVariances - a.largeVariances || a.siteId.localeCompare(b.siteId) || a.registerId.localeCompare(b.registerId),
    );
  };
  const [basketNow, basketBefore] = both(w, 'cash', basket);
  const [regNow, regBefore] = both(w, 'cash', registers);
  return {
    sessionsOpened: counted(w, 'cash', 'sessionsOpened'),
    sessionsClosed: counted(w, 'cash', 'sessionsClosed'),
    salesCount: counted(w, 'cash', 'salesCount'),
    salesTotal: counted(w, 'cash', 'salesCents', 100, 'euros'),
    averageBasket: kpi(basketNow, basketBefore, 'euros'),
    variances: {
      count: counted(w, 'cash', 'largeVariances'),
      shortfalls: counted(w, 'cash', 'largeShortfalls'),
      totalAbs: counted(w, 'cash', 'varianceAbsCents', 100, 'euros'),
      registers: kpi(regNow.length, regBefore.length, 'count'),
      registersConcerned: regNow,
    },
  };
}

interface AiFigures {
  answers: number;
  failures: number;
  attempts: number;
  errorRate: number | null;
  p95: number | null;
  meanLatency: number | null;
  correctionRate: number | null;
  lowConfidenceShare: number | null;
}

function aiFigures(rows: readonly KpiRow[]): AiFigures {
  const c = merged(rows);
  const answers = c.classifications ?? 0;
  const failures = c.failures ?? 0;
  const latencyCount = c.latencyCount ?? 0;
  return {
    answers,
    failures,
    attempts: answers + failures,
    errorRate: ratio(failures, answers + failures),
    p95: latencyPercentile(c, 95),
    meanLatency: latencyCount === 0 ? null : (c.latencySumMs ?? 0) / latencyCount,
    correctionRate: ratio(c.corrections ?? 0, answers),
    lowConfidenceShare: ratio(c.lowConfidence ?? 0, answers),
  };
}

function aiKpis(w: Window): AiKpis {
  const [c, p] = both(w, 'ai', aiFigures);
  const byModel: Record<string, AiModelKpis> = {};
  for (const model of keysOf([...w.current, ...w.previous].filter((r) => r.kind === 'ai'))) {
    const [mc, mp] = both(w, 'ai', (rows) => aiFigures(rows.filter((r) => r.key === model)));
    byModel[model] = {
      classifications: kpi(mc.answers, mp.answers, 'count'),
      failures: kpi(mc.failures, mp.failures, 'count'),
      errorRate: kpi(mc.errorRate, mp.errorRate, 'ratio'),
      latencyP95Ms: kpi(mc.p95, mp.p95, 'ms'),
      correctionRate: kpi(mc.correctionRate, mp.correctionRate, 'ratio'),
      lowConfidenceShare: kpi(mc.lowConfidenceShare, mp.lowConfidenceShare, 'ratio'),
    };
  }
  return {
    deposits: kpi(c.answers, p.answers, 'count'),
    attempts: kpi(c.attempts, p.attempts, 'count'),
    failures: kpi(c.failures, p.failures, 'count'),
    errorRate: kpi(c.errorRate, p.errorRate, 'ratio'),
    latencyP95Ms: kpi(c.p95, p.p95, 'ms'),
    meanLatencyMs: kpi(c.meanLatency, p.meanLatency, 'ms'),
    correctionRate: kpi(c.correctionRate, p.correctionRate, 'ratio'),
    lowConfidenceShare: kpi(c.lowConfidenceShare, p.lowConfidenceShare, 'ratio'),
    byModel,
  };
}

function syncOf(w: Window, only: (r: KpiRow) => boolean): SyncTargetKpis {
  const figures = (rows: readonly KpiRow[]) => {
    const mine = rows.filter(only);
    const runs = total(mine, 'runsStarted');
    const succeeded = total(mine, 'runsSucceeded');
    return { runs, succeeded, failed: total(mine, 'runsFailed'), rate: ratio(succeeded, runs) };
  };
  const [c, p] = both(w, 'sync', figures);
  return {
    runs: kpi(c.runs, p.runs, 'count'),
    succeeded: kpi(c.succeeded, p.succeeded, 'count'),
    failedAttempts: kpi(c.failed, p.failed, 'count'),
    successRate: kpi(c.rate, p.rate, 'ratio'),
  };
}

function uptimeKpis(w: Window): Record<string, ServiceUptime> {
  const out: Record<string, ServiceUptime> = {};
  const ops = [...w.current, ...w.previous].filter((r) => r.kind === 'ops');
  for (const service of keysOf(ops)) {
    const [c, p] = both(w, 'ops', (rows) => {
      const mine = rows.filter((r) => r.key === service);
      const ok = total(mine, 'probesOk');
      const probes = ok + total(mine, 'probesFailed');
      return { probes, uptime: ratio(ok, probes), restarts: total(mine, 'restarts') };
    });
    out[service] = {
      uptime: kpi(c.uptime, p.uptime, 'ratio'),
      probes: kpi(c.probes, p.probes, 'count'),
      restarts: kpi(c.restarts, p.restarts, 'count'),
    };
  }
  return out;
}

function mean(values: number[]): number | null {
  return values.length === 0 ? null : values.reduce((s, v) => s + v, 0) / values.length;
}

function anomalyFigures(facts: readonly AnomalyFact[], days: ReadonlySet<string>) {
  const raised = facts.filter((f) => days.has(f.raisedDay));
  const acknowledged = facts.filter((f) => f.acknowledgedDay !== null && days.has(f.acknowledgedDay));
  const resolved = facts.filter((f) => f.resolvedDay !== null && days.has(f.resolvedDay));
  const elapsed = (f: AnomalyFact, at: string | null) => Math.max(0, Date.parse(at ?? f.raisedAt) - Date.parse(f.raisedAt));
  return {
    raised: raised.length,
    bySeverity: Object.fromEntries(SEVERITIES.map((s) => [s, raised.filter((f) => f.severity === s).length])) as Record<Severity, number>,
    acknowledged: acknowledged.length,
    resolved: resolved.length,
    mtta: mean(acknowledged.map((f) => elapsed(f, f.acknowledgedAt))),
    mttr: mean(resolved.map((f) => elapsed(f, f.resolvedAt))),
  };
}

function ruleAnomalies(w: Window, facts: readonly AnomalyFact[]): RuleAnomalies {
  const c = anomalyFigures(facts, w.currentDays);
  const p = anomalyFigures(facts, w.previousDays);
  return {
    raised: kpi(c.raised, p.raised, 'count'),
    bySeverity: Object.fromEntries(SEVERITIES.map((s) => [s, kpi(c.bySeverity[s], p.bySeverity[s], 'count')])) as Record<Severity, Kpi>,
    acknowledged: kpi(c.acknowledged, p.acknowledged, 'count'),
    resolved: kpi(c.resolved, p.resolved, 'count'),
    meanTimeToAcknowledgeMs: kpi(c.mtta, p.mtta, 'ms'),
    meanTimeToResolveMs: kpi(c.mttr, p.mttr, 'ms'),
  };
}

function touches(f: AnomalyFact, days: ReadonlySet<string>): boolean {
  return days.has(f.raisedDay) || (f.acknowledgedDay !== null && days.has(f.acknowledgedDay)) || (f.resolvedDay !== null && days.has(f.resolvedDay));
}

function anomalyKpis(w: Window): AnomalyKpis {
  const byRule: Record<string, RuleAnomalies> = {};
  for (const ruleId of [...new Set(w.anomalies.map((f) => f.ruleId))].sort()) {
    byRule[ruleId] = ruleAnomalies(
      w,
      w.anomalies.filter((f) => f.ruleId === ruleId),
    );
  }
  return { ...ruleAnomalies(w, w.anomalies), byRule };
}

export function topRecommendations(recs: readonly RecommendationFact[], n: number): RecommendationFact[] {
  return [...recs]
    .sort(
      (a, b) =>
        SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
        a.kind.localeCompare(b.kind) ||
        a.siteId.localeCompare(b.siteId) ||
        a.subject.localeCompare(b.subject),
    )
    .slice(0, n);
}

function scopeKpis(w: Window, recommendations: readonly RecommendationFact[], top: number): ScopeKpis {
  const byTarget: Record<string, SyncTargetKpis> = {};
  for (const target of keysOf([...w.current, ...w.previous].filter((r) => r.kind === 'sync'))) {
    byTarget[target] = syncOf(w, (r) => r.key === target);
  }
  return {
    cash: cashKpis(w),
    ai: aiKpis(w),
    sync: { ...syncOf(w, () => true), byTarget },
    uptime: { byService: uptimeKpis(w) },
    logins: { succeeded: counted(w, 'auth', 'loginsSucceeded'), failed: counted(w, 'auth', 'loginsFailed') },
    pipeline: { deadLetters: counted(w, 'deadletter', 'deadLetters') },
    anomalies: anomalyKpis(w),
    recommendations: topRecommendations(recommendations, top),
  };
}

/**
 * Every figure of a weekly report, with its week-over-week change, overall and per site. Pure: the
 * same projection rows, anomalies and recommendations always give the same report.
 */
export function computeWeeklyReport(input: WeeklyReportInput): WeeklyReport {
  const previousIsoWeek = shiftWeek(input.isoWeek, -1);
  const days = daysOf(input.isoWeek);
  const previousDays = daysOf(previousIsoWeek);
  const currentDays = new Set(days);
  const before = new Set(previousDays);
  const top = input.topRecommendations ?? 5;
  const window = (site?: string): Window => {
    const mine = (siteId: string) => site === undefined || siteId === site;
    return {
      current: input.rows.filter((r) => currentDays.has(r.day) && mine(r.siteId)),
      previous: input.rows.filter((r) => before.has(r.day) && mine(r.siteId)),
      anomalies: input.anomalies.filter((f) => mine(f.siteId) && (touches(f, currentDays) || touches(f, before))),
      currentDays,
      previousDays: before,
    };
  };
  const all = window();
  const siteIds = new Set([
    ...all.current.map((r) => r.siteId),
    ...all.previous.map((r) => r.siteId),
    ...all.anomalies.map((f) => f.siteId),
    ...input.recommendations.map((r) => r.siteId),
  ]);
  const sites: Record<string, ScopeKpis> = {};
  for (const site of [...siteIds].sort()) {
    sites[site] = scopeKpis(
      window(site),
      input.recommendations.filter((r) => r.siteId === site),
      top,
    );
  }
  const salesOn = (day: string) => total(all.current.concat(all.previous).filter((r) => r.kind === 'cash' && r.day === day), 'salesCents') / 100;
  return {
    isoWeek: input.isoWeek,
    previousIsoWeek,
    from: days[0],
    to: days[6],
    overall: scopeKpis(all, input.recommendations, top),
    sites,
    chart: { days, sales: days.map(salesOn), previousSales: previousDays.map(salesOn) },
  };
}
