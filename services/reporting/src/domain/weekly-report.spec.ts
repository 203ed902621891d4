import { kpi } from './kpi';
import { computeWeeklyReport } from './weekly-report';
import { FIXTURE_INPUT } from './weekly-report.fixture';

describe('computeWeeklyReport', () => {
  const report = computeWeeklyReport(FIXTURE_INPUT);
  const o = report.overall;

  it('covers the ISO week Monday to Sunday and names the week before', () => {
    expect(report).toMatchObject({ isoWeek: '2026-W13', previousIsoWeek: '2026-W12', from: '2026-03-23', to: '2026-03-29' });
  });

  it('cash: sessions, sales, average basket, variances (count, shortfalls, total, registers), week over week', () => {
    expect(o.cash.sessionsClosed).toEqual({ value: 4, previous: 2, change: 2, changePct: 1 });
    expect(o.cash.salesCount).toEqual({ value: 18, previous: 8, change: 10, changePct: 1.25 });
    expect(o.cash.salesTotal).toEqual({ value: 370.5, previous: 200, change: 170.5, changePct: 0.8525 });
    // 37 050 cents / 18 sales = 2 058.33 → 20,58 € (to the cent)
    expect(o.cash.averageBasket).toEqual({ value: 20.58, previous: 25, change: -4.42, changePct: -0.1768 });
    expect(o.cash.variances.count).toEqual({ value: 2, previous: 0, change: 2, changePct: null });
    expect(o.cash.variances.shortfalls).toEqual(kpi(1, 0, 'count'));
    expect(o.cash.variances.totalAbs).toEqual({ value: 76, previous: 0, change: 76, changePct: null });
    expect(o.cash.variances.registers).toEqual(kpi(2, 0, 'count'));
    expect(o.cash.variances.registersConcerned).toEqual([
      { siteId: 'site-1', registerId: 'reg-1', largeVariances: 1 },
      { siteId: 'site-2', registerId: 'reg-1', largeVariances: 1 },
    ]);
  });

  it('ignores days outside the two weeks (the Monday after)', () => {
    expect(o.cash.salesCount.value).toBe(18);
    expect(report.chart.sales).toEqual([250, 75.5, 0, 0, 0, 0, 45]);
    expect(report.chart.previousSales).toEqual([200, 0, 0, 0, 0, 0, 0]);
  });

  it('AI: deposits, error rate, p95 from the histogram, correction rate, low-confidence share', () => {
    expect(o.ai.deposits).toEqual(kpi(18, 10, 'count'));
    expect(o.ai.attempts).toEqual(kpi(20, 10, 'count'));
    expect(o.ai.errorRate).toEqual({ value: 0.1, previous: 0, change: 0.1, changePct: null });
    // 20 attempts, nearest rank 19: 12 ≤ 1 s, 18 ≤ 2 s, 20 ≤ 5 s → 5 000 ms; the week before all ≤ 1 s
    expect(o.ai.latencyP95Ms).toEqual({ value: 5000, previous: 1000, change: 4000, changePct: 4 });
    expect(o.ai.meanLatencyMs).toEqual({ value: 1200, previous: 800, change: 400, changePct: 0.5 });
    expect(o.ai.correctionRate).toEqual({ value: 0.1667, previous: 0.2, change: -0.0333, changePct: -0.1665 });
    expect(o.ai.lowConfidenceShare).toEqual({ value: 0.2222, previous: 0.1, change: 0.1222, changePct: 1.222 });
    expect(Object.keys(o.ai.byModel)).toEqual(['model-a']);
    expect(o.ai.byModel['model-a'].errorRate.value).toBe(0.1);
  });

  it('sync success rate per target, uptime per service, logins, dead letters', () => {
    expect(o.sync.byTarget.compta).toEqual({
      runs: kpi(4, 4, 'count'),
      succeeded: kpi(3, 4, 'count'),
      failedAttempts: kpi(2, 0, 'count'),
      successRate: { value: 0.75, previous: 1, change: -0.25, changePct: -0.25 },
    });
    expect(o.uptime.byService.cash).toEqual({
      uptime: { value: 0.99, previous: 1, change: -0.01, changePct: -0.01 },
      probes: kpi(100, 100, 'count'),
      restarts: kpi(1, 0, 'count'),
    });
    expect(o.logins.failed).toEqual(kpi(2, 0, 'count'));
    expect(o.pipeline.deadLetters).toEqual({ value: 0, previous: 0, change: 0, changePct: null });
  });

  it('anomalies by rule and severity, with mean time to acknowledge and to resolve (event days of each step)', () => {
    expect(o.anomalies.raised).toEqual(kpi(3, 2, 'count'));
    expect(o.anomalies.bySeverity).toEqual({ critical: kpi(1, 1, 'count'), warning: kpi(2, 1, 'count'), info: kpi(0, 0, 'count') });
    expect(o.anomalies.acknowledged).toEqual(kpi(1, 1, 'count'));
    expect(o.anomalies.meanTimeToAcknowledgeMs).toEqual({ value: 5_400_000, previous: 1_800_000, change: 3_600_000, changePct: 2 });
    // a3 resolved in 2 h, a5 (raised the Sunday before) resolved in 24 h this week
    expect(o.anomalies.resolved).toEqual(kpi(2, 0, 'count'));
    expect(o.anomalies.meanTimeToResolveMs).toEqual({ value: 46_800_000, previous: null, change: null, changePct: null });
    expect(Object.keys(o.anomalies.byRule)).toEqual(['cash.variance', 'sync.consecutive-failures', 'sync.stale']);
    expect(o.anomalies.byRule['cash.variance'].raised).toEqual(kpi(2, 1, 'count'));
    expect(o.anomalies.byRule['sync.stale'].raised).toEqual(kpi(0, 1, 'count'));
  });

  it('top recommendations by severity', () => {
    expect(o.recommendations.map((r) => r.recommendationId)).toEqual(['rec-1', 'rec-2']);
    expect(computeWeeklyReport({ ...FIXTURE_INPUT, topRecommendations: 1 }).overall.recommendations.map((r) => r.recommendationId)).toEqual([
      'rec-1',
    ]);
  });

  it('per site: each site only its own figures; ops and logins under global', () => {
    expect(Object.keys(report.sites)).toEqual(['global', 'site-1', 'site-2']);
    expect(report.sites['site-1'].cash.salesTotal).toEqual({ value: 325.5, previous: 200, change: 125.5, changePct: 0.6275 });
    expect(report.sites['site-2'].cash.salesTotal).toEqual({ value: 45, previous: 0, change: 45, changePct: null });
    expect(report.sites['site-2'].anomalies.bySeverity.critical.value).toBe(1);
    expect(report.sites['site-2'].recommendations.map((r) => r.recommendationId)).toEqual(['rec-2']);
    expect(report.sites.global.uptime.byService.cash.uptime.value).toBe(0.99);
    expect(report.sites['site-1'].uptime.byService).toEqual({});
  });

  it('gives null rates, not zeros, when there is nothing to divide', () => {
    const empty = computeWeeklyReport({ isoWeek: '2026-W13', rows: [], anomalies: [], recommendations: [] });
    expect(empty.overall.ai.errorRate).toEqual({ value: null, previous: null, change: null, changePct: null });
    expect(empty.overall.cash.averageBasket.value).toBeNull();
    expect(empty.overall.cash.salesCount).toEqual({ value: 0, previous: 0, change: 0, changePct: null });
    expect(empty.sites).toEqual({});
  });
});
