import { z } from 'zod';
import { IsoDateTime } from '../events/common';

export const ISO_WEEK_PATTERN = /^\d{4}-W(0[1-9]|[1-4]\d|5[0-3])$/;
export const IsoWeek = z.string().regex(ISO_WEEK_PATTERN, 'must be an ISO week like 2026-W48');

export const ReportListQuery = z.object({ limit: z.coerce.number().int().min(1).max(520).default(52) }).strict();
export type ReportListQuery = z.infer<typeof ReportListQuery>;

export const ReportListItem = z.object({
  isoWeek: z.string(),
  reportId: z.string(),
  from: z.string(),
  to: z.string(),
  generatedAt: IsoDateTime,
  /** The headline figures (`salesTotal`, `cashSessions`, `anomaliesRaised`...). */
  summary: z.record(z.string(), z.number()),
});
export type ReportListItem = z.infer<typeof ReportListItem>;
export const ReportListResponse = z.object({ items: z.array(ReportListItem) });
export type ReportListResponse = z.infer<typeof ReportListResponse>;

/** The stored report: the dashboard reads its chart; every other figure is passed on as the reporting service wrote it. */
export const WeeklyReportBody = z.looseObject({
  isoWeek: z.string(),
  from: z.string(),
  to: z.string(),
  chart: z.object({ days: z.array(z.string()), sales: z.array(z.number()), previousSales: z.array(z.number()) }),
});
export const ReportView = ReportListItem.extend({ eventId: z.string(), report: WeeklyReportBody });
export type ReportView = z.infer<typeof ReportView>;

export const JobView = z.object({
  name: z.string(),
  description: z.string(),
  schedule: z.object({ cron: z.string(), timeZone: z.string() }),
  status: z.enum(['ok', 'running', 'failed', 'missed', 'pending']),
  expectedSince: IsoDateTime.nullable(),
  lastRun: z
    .object({
      trigger: z.string(),
      startedAt: IsoDateTime,
      finishedAt: IsoDateTime.nullable(),
      outcome: z.string(),
      error: z.string().nullable(),
    })
    .nullable(),
  lastSuccessAt: IsoDateTime.nullable(),
  nextRunAt: IsoDateTime.nullable(),
});
export type JobView = z.infer<typeof JobView>;
export const JobListResponse = z.object({ items: z.array(JobView) });
export type JobListResponse = z.infer<typeof JobListResponse>;
