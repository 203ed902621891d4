import { z } from 'zod';
import { KpiKind } from './kpi';

const DAY = /^\d{4}-\d{2}-\d{2}$/;
/** Widest range one request may ask for. */
export const MAX_KPI_RANGE_DAYS = 400;

export const Day = z
  .string()
  .regex(DAY, 'must be a day YYYY-MM-DD')
  .refine((d) => !DAY.test(d) || isCalendarDay(d), 'is not a calendar day');

function isCalendarDay(day: string): boolean {
  const t = Date.parse(`${day}T00:00:00Z`);
  return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === day;
}

function daysBetween(from: string, to: string): number {
  return (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000;
}

/** `GET /kpis` — days are Europe/Paris calendar days, both ends included. */
export const KpiQuery = z
  .object({
    from: Day,
    to: Day,
    siteId: z.string().regex(/^[A-Za-z0-9_-]{1,128}$/, 'must be a site id').optional(),
    kind: KpiKind.optional(),
  })
  .strict()
  .superRefine((q, ctx) => {
    if (!DAY.test(q.from) || !DAY.test(q.to)) return;
    const span = daysBetween(q.from, q.to);
    if (span < 0) ctx.addIssue({ code: 'custom', path: ['to'], message: 'must not be before from' });
    else if (span >= MAX_KPI_RANGE_DAYS) {
      ctx.addIssue({ code: 'custom', path: ['to'], message: `range must be under ${MAX_KPI_RANGE_DAYS} days` });
    }
  });
export type KpiQuery = z.infer<typeof KpiQuery>;
