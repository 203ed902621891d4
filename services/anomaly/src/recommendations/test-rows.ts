import type { Counters, KpiKind, KpiRow } from '../projections/kpi';
import { shiftDay } from './windows';

/** KPI rows for analyser specs: one row a day for `days` days ending on `lastDay`, counters per day index. */
export function daily(
  kind: KpiKind,
  key: string,
  lastDay: string,
  days: number,
  counters: (i: number) => Counters,
  siteId = 'site-1',
): KpiRow[] {
  return Array.from({ length: days }, (_, i) => ({
    day: shiftDay(lastDay, i - days + 1),
    siteId,
    kind,
    key,
    counters: counters(i),
  }));
}

