import { z } from 'zod';
import { Token } from '../ids';
import { Severity } from './common';
import { EvidenceRef } from './anomaly';

/**
 * The flat figures at the top of `report.weekly.generated`'s `kpis` (the organisation's week), by key, with
 * their unit: the reporting service writes them, the notification service lists them in a chat. The rest of
 * `kpis` (the nested report) is free-form for the dashboard.
 */
export const WEEKLY_SUMMARY_KPIS = {
  cashSessions: 'count',
  salesCount: 'count',
  salesTotal: 'money',
  cashVarianceTotal: 'money',
  varianceSessions: 'count',
  deposits: 'count',
  classifications: 'count',
  aiCorrectionRatePercent: 'percent',
  aiErrorRatePercent: 'percent',
  syncRuns: 'count',
  syncFailures: 'count',
  anomaliesRaised: 'count',
  anomaliesResolved: 'count',
  loginFailures: 'count',
} as const satisfies Record<string, 'count' | 'money' | 'percent'>;
export type WeeklySummaryKpi = keyof typeof WEEKLY_SUMMARY_KPIS;

export const ReportWeeklyGeneratedV1 = z
  .object({
    reportId: Token,
    isoWeek: z.string().regex(/^\d{4}-W\d{2}$/, 'must be an ISO week like 2026-W48'),
    kpis: z.record(z.string(), z.unknown()),
  })
  .strict();

export const ReportRecommendationV1 = z
  .object({
    recommendationId: Token,
    kind: Token,
    severity: Severity,
    title: z.string().min(1).max(200),
    evidence: z.array(EvidenceRef).max(100),
    actions: z.array(z.string().max(500)).max(20),
    /** What the recommendation rests on when it is a trend over aggregates rather than events. */
    summary: z.string().max(2000).optional(),
    figures: z.record(z.string(), z.number()).optional(),
  })
  .strict();

export type ReportWeeklyGenerated = z.infer<typeof ReportWeeklyGeneratedV1>;
export type ReportRecommendation = z.infer<typeof ReportRecommendationV1>;
