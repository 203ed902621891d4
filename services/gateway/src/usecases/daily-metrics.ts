import type { DailyMetrics, KpiRow } from '@vigie/contracts';

type Counters = Record<string, number>;

const BUCKET = /^latencyLe(\d+)Ms$/;

/** Every day from `from` to `to`, both included (`YYYY-MM-DD`). */
export function daysBetween(from: string, to: string): string[] {
  const days: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000) {
    days.push(new Date(t).toISOString().slice(0, 10));
  }
  return days;
}

/**
 * The latency under which `p` % of the attempts fall, from the anomaly service's histogram counters
 * (`latencyLe<bound>Ms`, slower ones in `latencyOverMs`): the upper bound of the bucket holding the
 * nearest-rank sample, null without samples or beyond the last bound. Bounds are read from the
 * counter names, so the gateway follows the anomaly service's buckets whatever they are.
 */
export function latencyPercentile(counters: Counters, p: number): number | null {
  const buckets = Object.entries(counters)
    .map(([name, n]) => [Number(BUCKET.exec(name)?.[1]), n] as const)
    .filter(([bound]) => Number.isFinite(bound))
    .sort((a, b) => a[0] - b[0]);
  const total = buckets.reduce((s, [, n]) => s + n, 0) + (counters.latencyOverMs ?? 0);
  if (total === 0) return null;
  const rank = Math.min(total, Math.max(1, Math.ceil((p / 100) * total)));
  let seen = 0;
  for (const [bound, n] of buckets) {
    seen += n;
    if (seen >= rank) return bound;
  }
  return null;
}

const ratio = (part: number, whole: number): number | null => (whole === 0 ? null : part / whole);

/**
 * Pure: daily series for the metrics page from the anomaly service's KPI rows (already filtered by
 * site), one value per day of the range, days without rows counting as zero.
 */
export function dailyMetrics(rows: readonly KpiRow[], query: { from: string; to: string; siteId?: string }): DailyMetrics {
  const days = daysBetween(query.from, query.to);
  const merged = new Map<string, Counters>();
  for (const row of rows) {
    const key = `${row.day}|${row.kind}`;
    const into = merged.get(key) ?? {};
    for (const [name, n] of Object.entries(row.counters)) into[name] = (into[name] ?? 0) + n;
    merged.set(key, into);
  }
  const of = (day: string, kind: string): Counters => merged.get(`${day}|${kind}`) ?? {};
  const series = (kind: string, f: (c: Counters) => number | null) => days.map((day) => f(of(day, kind)));
  const count = (kind: string, counter: string, divisor = 1) =>
    days.map((day) => Math.round(((of(day, kind)[counter] ?? 0) / divisor) * 100) / 100);
  const n = (c: Counters, name: string) => c[name] ?? 0;

  return {
    from: query.from,
    to: query.to,
    siteId: query.siteId ?? null,
    days,
    ai: {
      classifications: count('ai', 'classifications'),
      failures: count('ai', 'failures'),
      corrections: count('ai', 'corrections'),
      errorRate: series('ai', (c) => ratio(n(c, 'failures'), n(c, 'classifications') + n(c, 'failures'))),
      latencyP50Ms: series('ai', (c) => latencyPercentile(c, 50)),
      latencyP95Ms: series('ai', (c) => latencyPercentile(c, 95)),
      lowConfidenceShare: series('ai', (c) => ratio(n(c, 'lowConfidence'), n(c, 'classifications'))),
      correctionRate: series('ai', (c) => ratio(n(c, 'corrections'), n(c, 'classifications'))),
    },
    sync: {
      runs: count('sync', 'runsStarted'),
      succeeded: count('sync', 'runsSucceeded'),
      failedAttempts: count('sync', 'runsFailed'),
      successRate: series('sync', (c) => ratio(n(c, 'runsSucceeded'), n(c, 'runsStarted'))),
    },
    cash: {
      sessionsClosed: count('cash', 'sessionsClosed'),
      salesCount: count('cash', 'salesCount'),
      salesTotal: count('cash', 'salesCents', 100),
      largeVariances: count('cash', 'largeVariances'),
      varianceAbsTotal: count('cash', 'varianceAbsCents', 100),
    },
    auth: { loginsSucceeded: count('auth', 'loginsSucceeded'), loginsFailed: count('auth', 'loginsFailed') },
  };
}
