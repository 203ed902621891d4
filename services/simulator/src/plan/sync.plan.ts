import { centsToEuros } from '@vigie/contracts';
import { DAY_MS, dayAt, nthDay, type SimDay } from './calendar';
import type { PlannedSession, PlannedSyncRun } from './day-plan';

/** The accounting export of a day: one row per register that worked, or one row saying nothing was sold. */
export function salesRows(date: string, sessions: readonly PlannedSession[]): Record<string, string | number>[] {
  if (sessions.length === 0) return [{ date, site: '', caisse: '', ventes: 0, especes: 0, carte: 0, cheque: 0, autre: 0, total: 0 }];
  return sessions.map((s) => {
    const by = (m: string) => centsToEuros(s.sales.filter((x) => x.paymentMethod === m).reduce((sum, x) => sum + x.amountCents, 0));
    return {
      date,
      site: s.siteId,
      caisse: s.registerId,
      ventes: s.sales.length,
      especes: by('cash'),
      carte: by('card'),
      cheque: by('check'),
      autre: by('other'),
      total: centsToEuros(s.sales.reduce((sum, x) => sum + x.amountCents, 0)),
    };
  });
}

/**
 * When the nightly export of a day starts: 2:00 Paris on the first night, then exactly 24 h apart (a
 * fixed UTC time, as a cron job has it). Why exactly: `sync.stale` fires when a run is attempted more
 * than 24 h after the last success, so an export starting a minute later than the night before
 * (or on the 25-hour night of October) would look stale at its start.
 */
export function nightlyRunAt(firstDayMs: number, day: SimDay): number {
  return dayAt(nthDay(firstDayMs, 0), 2) + day.index * DAY_MS;
}

/** The nightly export of each target, with the previous day's sales. */
export function planNightlyRuns(
  firstDayMs: number,
  day: SimDay,
  targets: readonly string[],
  previous?: { date: string; sessions: readonly PlannedSession[] },
): PlannedSyncRun[] {
  return targets.map((target) => {
    return {
      at: nightlyRunAt(firstDayMs, day),
      target,
      partner: 'up',
      why: 'nightly',
      ...(previous ? { rows: salesRows(previous.date, previous.sessions) } : {}),
    };
  });
}
