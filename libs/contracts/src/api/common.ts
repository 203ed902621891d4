import { z } from 'zod';
import { TOKEN_PATTERN } from '../ids';

/** Ids the gateway puts in upstream URLs: subject-safe tokens only. */
export const ApiToken = z.string().regex(TOKEN_PATTERN, 'must match [A-Za-z0-9_-]{1,128}');

export const DAY_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

function isCalendarDay(day: string): boolean {
  const t = Date.parse(`${day}T00:00:00Z`);
  return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === day;
}

/** A calendar day `YYYY-MM-DD` (KPI days are Europe/Paris days). */
export const Day = z
  .string()
  .regex(DAY_PATTERN, 'must be a day YYYY-MM-DD')
  .refine((d) => !DAY_PATTERN.test(d) || isCalendarDay(d), 'is not a calendar day');
