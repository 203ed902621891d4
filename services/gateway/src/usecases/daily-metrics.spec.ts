import type { KpiRow } from '@vigie/contracts';
import { dailyMetrics, daysBetween, latencyPercentile } from './daily-metrics';

const row = (day: string, kind: KpiRow['kind'], key: string, counters: Record<string, number>, siteId = 'site-1'): KpiRow => ({
  day,
  siteId,
  kind,
  key,
  counters,
});

describe('daily metrics', () => {
  it('daysBetween includes both ends and crosses months', () => {
    expect(daysBetween('2026-11-29', '2026-12-02')).toEqual(['2026-11-29', '2026-11-30', '2026-12-01', '2026-12-02']);
    expect(daysBetween('2026-11-30', '2026-11-30')).toEqual(['2026-11-30']);
  });

  it('latencyPercentile reads the bucket bounds from the counter names (nearest rank)', () => {
    const counters = { latencyLe250Ms: 50, latencyLe1000Ms: 45, latencyLe3000Ms: 4, latencyOverMs: 1, classifications: 100 };
    expect(latencyPercentile(counters, 50)).toBe(250);
    expect(latencyPercentile(counters, 95)).toBe(1000);
    expect(latencyPercentile(counters, 99)).toBe(3000);
    expect(latencyPercentile(counters, 100)).toBeNull();
    expect(latencyPercentile({}, 50)).toBeNull();
  });

  it('sums every site and key per day, and a day without rows is zero (ratios unknown)', () => {
    const metrics = dailyMetrics(
      [
        row('2026-11-29', 'cash', 'caisse-1', { sessionsClosed: 2, salesCount: 10, salesCents: 12550, largeVariances: 1, varianceAbsCents: 2340 }),
        row('2026-11-29', 'cash', 'caisse-2', { sessionsClosed: 1, salesCount: 3, salesCents: 1000 }, 'site-2'),
        row('2026-11-29', 'ai', 'local-rules', {
          classifications: 8,
          failures: 2,
          corrections: 2,
          lowConfidence: 4,
          latencyLe250Ms: 6,
          latencyLe3000Ms: 4,
        }),
        row('2026-11-29', 'sync', 'compta', { runsStarted: 4, runsSucceeded: 3, runsFailed: 2 }),
        row('2026-11-29', 'auth', 'web', { loginsSucceeded: 1, loginsFailed: 5 }),
      ],
      { from: '2026-11-29', to: '2026-11-30' },
    );
    expect(metrics.days).toEqual(['2026-11-29', '2026-11-30']);
    expect(metrics.siteId).toBeNull();
    expect(metrics.cash).toEqual({
      sessionsClosed: [3, 0],
      salesCount: [13, 0],
      salesTotal: [135.5, 0],
      largeVariances: [1, 0],
      varianceAbsTotal: [23.4, 0],
    });
    expect(metrics.ai).toEqual({
      classifications: [8, 0],
      failures: [2, 0],
      corrections: [2, 0],
      errorRate: [0.2, null],
      latencyP50Ms: [250, null],
      latencyP95Ms: [3000, null],
      lowConfidenceShare: [0.5, null],
      correctionRate: [0.25, null],
    });
    expect(metrics.sync).toEqual({ runs: [4, 0], succeeded: [3, 0], failedAttempts: [2, 0], successRate: [0.75, null] });
    expect(metrics.auth).toEqual({ loginsSucceeded: [1, 0], loginsFailed: [5, 0] });
  });
});
