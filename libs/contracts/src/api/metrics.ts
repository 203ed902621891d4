import { z } from 'zod';
import { IsoDateTime } from '../events/common';
import { ApiToken, DAY_PATTERN, Day } from './common';

export const KpiKind = z.enum(['cash', 'sync', 'ai', 'auth', 'ops', 'deadletter']);
export type KpiKind = z.infer<typeof KpiKind>;

/** Widest range `/api/kpis` and `/api/metrics/daily` accept (the anomaly service's own limit). */
export const MAX_METRICS_RANGE_DAYS = 400;

function checkRange(q: { from: string; to: string }, ctx: z.RefinementCtx): void {
  if (!DAY_PATTERN.test(q.from) || !DAY_PATTERN.test(q.to)) return;
  const span = (Date.parse(`${q.to}T00:00:00Z`) - Date.parse(`${q.from}T00:00:00Z`)) / 86_400_000;
  if (span < 0) ctx.addIssue({ code: 'custom', path: ['to'], message: 'must not be before from' });
  else if (span >= MAX_METRICS_RANGE_DAYS) ctx.addIssue({ code: 'custom', path: ['to'], message: `range must be under ${MAX_METRICS_RANGE_DAYS} days` });
}

/** `GET /api/kpis` — the anomaly service's daily KPI rows (days in Europe/Paris, both ends included). */
export const KpiQuery = z
  .object({ from: Day, to: Day, siteId: ApiToken.optional(), kind: KpiKind.optional() })
  .strict()
  .superRefine(checkRange);
export type KpiQuery = z.infer<typeof KpiQuery>;

export const KpiRow = z.object({
  day: z.string().regex(DAY_PATTERN),
  siteId: z.string(),
  kind: KpiKind,
  key: z.string(),
  /** Named integer counters; an absent counter is 0. */
  counters: z.record(z.string(), z.number()),
  latencyP50Ms: z.number().nullable().optional(),
  latencyP95Ms: z.number().nullable().optional(),
});
export type KpiRow = z.infer<typeof KpiRow>;
export const KpiListResponse = z.object({ items: z.array(KpiRow) });
export type KpiListResponse = z.infer<typeof KpiListResponse>;

export const DailyMetricsQuery = z.object({ from: Day, to: Day, siteId: ApiToken.optional() }).strict().superRefine(checkRange);
export type DailyMetricsQuery = z.infer<typeof DailyMetricsQuery>;

const Series = z.array(z.number());
const RatioSeries = z.array(z.number().nullable());

/**
 * `GET /api/metrics/daily` — one value per day of `days` (oldest first), every site unless `siteId`.
 * Ratios are 0..1 and null on a day without samples; amounts are euros; latencies are the upper bound
 * of the histogram bucket (ms).
 */
export const DailyMetrics = z.object({
  from: Day,
  to: Day,
  siteId: z.string().nullable(),
  days: z.array(z.string()),
  ai: z.object({
    classifications: Series,
    failures: Series,
    corrections: Series,
    errorRate: RatioSeries,
    latencyP50Ms: RatioSeries,
    latencyP95Ms: RatioSeries,
    /** Answers with confidence < 0.70 / answers (the AI events carry no finer confidence figure). */
    lowConfidenceShare: RatioSeries,
    correctionRate: RatioSeries,
  }),
  sync: z.object({ runs: Series, succeeded: Series, failedAttempts: Series, successRate: RatioSeries }),
  cash: z.object({
    sessionsClosed: Series,
    salesCount: Series,
    salesTotal: Series,
    largeVariances: Series,
    varianceAbsTotal: Series,
  }),
  auth: z.object({ loginsSucceeded: Series, loginsFailed: Series }),
});
export type DailyMetrics = z.infer<typeof DailyMetrics>;

/** `GET /api/metrics/pipeline` (and the live feed's `metrics` push): JetStream as the gateway samples it. */
export const PipelineMetrics = z.object({
  sampledAt: IsoDateTime.nullable(),
  sampleIntervalMs: z.number().int().positive(),
  /** Events stored per minute over every stream, the last hour of complete minutes, oldest first. */
  eventsPerMinute: z.array(z.object({ minute: IsoDateTime, count: z.number().int().nonnegative() })),
  streams: z.array(z.object({ stream: z.string(), messages: z.number().int().nonnegative(), lastSeq: z.number().int().nonnegative() })),
  /** Every durable consumer: messages not yet delivered plus delivered but not acknowledged. */
  consumers: z.array(
    z.object({ stream: z.string(), durable: z.string(), pending: z.number().int().nonnegative(), ackPending: z.number().int().nonnegative() }),
  ),
});
export type PipelineMetrics = z.infer<typeof PipelineMetrics>;
