/** Named integer counters of one row of the anomaly service's `kpi_daily` projection (absent = 0). */
export type Counters = Record<string, number>;

/** One row of `kpi_daily` as `GET /kpis` returns it: one day (Europe/Paris), one site, one dimension. */
export interface KpiRow {
  day: string;
  siteId: string;
  /** cash | sync | ai | auth | ops | deadletter */
  kind: string;
  /** A register, a sync target, an AI model, a login channel, a service, a durable. */
  key: string;
  counters: Counters;
}

/** One anomaly as the reporting service's `anomaly_timeline` projection knows it. */
export interface AnomalyFact {
  anomalyId: string;
  ruleId: string;
  siteId: string;
  /** Severity when it was raised. */
  severity: 'info' | 'warning' | 'critical';
  raisedAt: string;
  /** Europe/Paris day of `raisedAt`. */
  raisedDay: string;
  acknowledgedAt: string | null;
  acknowledgedDay: string | null;
  resolvedAt: string | null;
  resolvedDay: string | null;
}

/** An active maintenance recommendation of the anomaly service (`GET /recommendations`). */
export interface RecommendationFact {
  recommendationId: string;
  kind: string;
  siteId: string;
  subject: string;
  severity: 'info' | 'warning' | 'critical';
  title: string;
  summary: string;
  actions: string[];
}

/**
 * One indicator for the week and the week before. `change` is `value - previous` (in the value's
 * unit: percentage points for ratios); `changePct` is that change relative to `previous`. Null when
 * an operand is undefined (no sample, or nothing the week before to compare with).
 */
export interface Kpi {
  value: number | null;
  previous: number | null;
  change: number | null;
  changePct: number | null;
}

/** Decimals kept per unit: euros to the cent, ratios to 0.01 %, counts and milliseconds whole. */
export type Unit = 'count' | 'euros' | 'ratio' | 'ms';
const DECIMALS: Record<Unit, number> = { count: 0, euros: 2, ratio: 4, ms: 0 };

export function round(value: number, decimals: number): number {
  const f = 10 ** decimals;
  return Math.round(value * f) / f;
}

export function kpi(value: number | null, previous: number | null, unit: Unit): Kpi {
  const d = DECIMALS[unit];
  const v = value === null ? null : round(value, d);
  const p = previous === null ? null : round(previous, d);
  return {
    value: v,
    previous: p,
    change: v === null || p === null ? null : round(v - p, d),
    changePct: v === null || p === null || p === 0 ? null : round((v - p) / Math.abs(p), 4),
  };
}

export function isKpi(value: unknown): value is Kpi {
  return typeof value === 'object' && value !== null && 'value' in value && 'previous' in value && 'changePct' in value;
}

export function ratio(part: number, whole: number): number | null {
  return whole === 0 ? null : part / whole;
}

const BUCKET = /^latencyLe(\d+)Ms$/;

/**
 * The latency under which `p` % of the attempts fall, read from `kpi_daily`'s fixed-bucket histogram
 * (summed over days and keys): the upper bound of the bucket holding the nearest-rank sample. Null
 * without samples, or when that sample is beyond the last bound.
 */
export function latencyPercentile(counters: Counters, p: number): number | null {
  const buckets = Object.entries(counters)
    .map(([name, n]) => [Number(BUCKET.exec(name)?.[1] ?? NaN), n] as const)
    .filter(([bound]) => Number.isFinite(bound))
    .sort(([a], [b]) => a - b);
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
