import type { AnomalyFact, KpiRow, RecommendationFact } from './kpi';
import type { WeeklyReportInput } from './weekly-report';

const row = (day: string, siteId: string, kind: string, key: string, counters: Record<string, number>): KpiRow => ({ day, siteId, kind, key, counters });

/** Week 2026-W13 (23–29 March) and the week before, as `kpi_daily` would hold them. */
export const FIXTURE_ROWS: KpiRow[] = [
  row('2026-03-16', 'site-1', 'cash', 'reg-1', { sessionsOpened: 2, sessionsClosed: 2, salesCount: 8, salesCents: 20000, varianceAbsCents: 0 }),
  row('2026-03-18', 'site-1', 'ai', 'model-a', { classifications: 10, corrections: 2, lowConfidence: 1, latencyCount: 10, latencySumMs: 8000, latencyLe1000Ms: 10 }),
  row('2026-03-19', 'site-1', 'sync', 'compta', { runsStarted: 4, runsSucceeded: 4 }),
  row('2026-03-20', 'global', 'ops', 'cash', { probesOk: 100 }),
  row('2026-03-23', 'site-1', 'cash', 'reg-1', {
    sessionsOpened: 2,
    sessionsClosed: 2,
    salesCount: 10,
    salesCents: 25000,
    largeVariances: 1,
    largeShortfalls: 1,
    varianceAbsCents: 1550,
  }),
  row('2026-03-24', 'site-1', 'cash', 'reg-2', { sessionsOpened: 1, sessionsClosed: 1, salesCount: 5, salesCents: 7550, varianceAbsCents: 50 }),
  row('2026-03-25', 'site-1', 'ai', 'model-a', {
    classifications: 18,
    failures: 2,
    corrections: 3,
    lowConfidence: 4,
    latencyCount: 20,
    latencySumMs: 24000,
    latencyLe1000Ms: 12,
    latencyLe2000Ms: 6,
    latencyLe5000Ms: 2,
  }),
  row('2026-03-26', 'site-1', 'sync', 'compta', { runsStarted: 4, runsSucceeded: 3, runsFailed: 2 }),
  row('2026-03-27', 'global', 'ops', 'cash', { heartbeats: 100, probesOk: 99, probesFailed: 1, restarts: 1 }),
  row('2026-03-27', 'global', 'auth', 'web', { loginsSucceeded: 5, loginsFailed: 2 }),
  row('2026-03-29', 'site-2', 'cash', 'reg-1', { sessionsOpened: 1, sessionsClosed: 1, salesCount: 3, salesCents: 4500, largeVariances: 1, varianceAbsCents: 6000 }),
  row('2026-03-30', 'site-1', 'cash', 'reg-1', { salesCount: 99, salesCents: 99900 }),
];

const fact = (f: Partial<AnomalyFact> & Pick<AnomalyFact, 'anomalyId' | 'ruleId' | 'siteId' | 'severity' | 'raisedAt' | 'raisedDay'>): AnomalyFact => ({
  acknowledgedAt: null,
  acknowledgedDay: null,
  resolvedAt: null,
  resolvedDay: null,
  ...f,
});

export const FIXTURE_ANOMALIES: AnomalyFact[] = [
  fact({ anomalyId: 'a1', ruleId: 'cash.variance', siteId: 'site-1', severity: 'warning', raisedAt: '2026-03-23T09:00:00.000Z', raisedDay: '2026-03-23', acknowledgedAt: '2026-03-23T10:30:00.000Z', acknowledgedDay: '2026-03-23' }),
  fact({ anomalyId: 'a2', ruleId: 'cash.variance', siteId: 'site-2', severity: 'critical', raisedAt: '2026-03-29T10:00:00.000Z', raisedDay: '2026-03-29' }),
  fact({ anomalyId: 'a3', ruleId: 'sync.consecutive-failures', siteId: 'site-1', severity: 'warning', raisedAt: '2026-03-26T08:00:00.000Z', raisedDay: '2026-03-26', resolvedAt: '2026-03-26T10:00:00.000Z', resolvedDay: '2026-03-26' }),
  fact({ anomalyId: 'a4', ruleId: 'cash.variance', siteId: 'site-1', severity: 'warning', raisedAt: '2026-03-17T08:00:00.000Z', raisedDay: '2026-03-17', acknowledgedAt: '2026-03-17T08:30:00.000Z', acknowledgedDay: '2026-03-17' }),
  fact({ anomalyId: 'a5', ruleId: 'sync.stale', siteId: 'site-1', severity: 'critical', raisedAt: '2026-03-22T12:00:00.000Z', raisedDay: '2026-03-22', resolvedAt: '2026-03-23T12:00:00.000Z', resolvedDay: '2026-03-23' }),
];

export const FIXTURE_RECOMMENDATIONS: RecommendationFact[] = [
  {
    recommendationId: 'rec-2',
    kind: 'sync-degrading',
    siteId: 'site-2',
    subject: 'compta',
    severity: 'info',
    title: 'Export compta : échecs en hausse',
    summary: '2 échecs sur 6 runs en 7 jours.',
    actions: ['Vérifier les identifiants'],
  },
  {
    recommendationId: 'rec-1',
    kind: 'register-variance-trend',
    siteId: 'site-1',
    subject: 'reg-1',
    severity: 'warning',
    title: 'Caisse reg-1 : écarts répétés',
    summary: '3 écarts de plus de 10 € en 14 jours.',
    actions: ['Recompter le fond de caisse'],
  },
];

export const FIXTURE_INPUT: WeeklyReportInput = {
  isoWeek: '2026-W13',
  rows: FIXTURE_ROWS,
  anomalies: FIXTURE_ANOMALIES,
  recommendations: FIXTURE_RECOMMENDATIONS,
};
