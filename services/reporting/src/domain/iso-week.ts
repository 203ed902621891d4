import { CronExpressionParser } from 'cron-parser';

const DAY_MS = 86_400_000;
const ISO_WEEK = /^(\d{4})-W(\d{2})$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** `2026-W13`. */
export type IsoWeek = string;

export function isIsoWeek(value: string): boolean {
  const m = ISO_WEEK.exec(value);
  if (!m) return false;
  const week = Number(m[2]);
  return week >= 1 && week <= weeksInYear(Number(m[1]));
}

function utcDay(day: string): number {
  if (!DAY.test(day)) throw new Error(`not a day: ${day}`);
  return Date.parse(`${day}T00:00:00Z`);
}

function dayOf(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export function addDays(day: string, n: number): string {
  return dayOf(utcDay(day) + n * DAY_MS);
}

/** The ISO 8601 week of a calendar day (weeks start on Monday; week 1 holds the year's first Thursday). */
export function isoWeekOfDay(day: string): IsoWeek {
  const t = utcDay(day);
  const weekday = (new Date(t).getUTCDay() + 6) % 7;
  const thursday = new Date(t + (3 - weekday) * DAY_MS);
  const year = thursday.getUTCFullYear();
  const week = Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / DAY_MS / 7) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

function weeksInYear(year: number): number {
  return isoWeekOfDay(`${year}-12-28`) === `${year}-W53` ? 53 : 52;
}

/** Monday of an ISO week. */
export function mondayOf(isoWeek: IsoWeek): string {
  const m = ISO_WEEK.exec(isoWeek);
  if (!m || !isIsoWeek(isoWeek)) throw new Error(`not an ISO week: ${isoWeek}`);
  const jan4 = Date.UTC(Number(m[1]), 0, 4);
  const week1Monday = jan4 - ((new Date(jan4).getUTCDay() + 6) % 7) * DAY_MS;
  return dayOf(week1Monday + (Number(m[2]) - 1) * 7 * DAY_MS);
}

/** The seven calendar days of an ISO week, Monday first. */
export function daysOf(isoWeek: IsoWeek): string[] {
  const monday = mondayOf(isoWeek);
  return Array.from({ length: 7 }, (_, i) => addDays(monday, i));
}

export function shiftWeek(isoWeek: IsoWeek, weeks: number): IsoWeek {
  return isoWeekOfDay(addDays(mondayOf(isoWeek), weeks * 7));
}

/** Weeks from `from` to `to`, both included, in order (empty when `from` is after `to`). */
export function weeksBetween(from: IsoWeek, to: IsoWeek): IsoWeek[] {
  const out: IsoWeek[] = [];
  for (let w = from; mondayOf(w) <= mondayOf(to); w = shiftWeek(w, 1)) out.push(w);
  return out;
}

/** The calendar day of an instant in a time zone, `YYYY-MM-DD`. */
export function localDay(instant: Date, timeZone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })
      .formatToParts(instant)
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day}`;
}

/** The latest instant at or before `now` matching `cron` in `timeZone` (DST-aware, through cron-parser). */
export function previousOccurrence(cron: string, timeZone: string, now: Date): Date {
  // cron-parser's prev() is strictly before currentDate: one millisecond later includes `now` itself.
  return CronExpressionParser.parse(cron, { currentDate: new Date(now.getTime() + 1), tz: timeZone }).prev().toDate();
}

export function nextOccurrence(cron: string, timeZone: string, after: Date): Date {
  return CronExpressionParser.parse(cron, { currentDate: after, tz: timeZone }).next().toDate();
}

/**
 * The latest week whose report is due at `now`: the week before the one in which the schedule last
 * fired. With the default `0 8 * * 1` Europe/Paris, week 13 becomes due on the Monday after it at
 * 08:00 Paris time, whatever the UTC offset that day.
 */
export function lastDueWeek(cron: string, timeZone: string, now: Date): IsoWeek {
  return shiftWeek(isoWeekOfDay(localDay(previousOccurrence(cron, timeZone, now), timeZone)), -1);
}
