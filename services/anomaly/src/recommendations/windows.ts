import { addCounters, type Counters, type KpiRow } from '../projections/kpi';

/** `day` moved by `n` calendar days (negative: earlier). */
export function shiftDay(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

export interface Window {
  from: string;
  to: string;
}

/** The `days` days ending `before` windows-lengths earlier: `window(asOf, 7, 0)` is the last 7 days, `(…, 7, 1)` the 7 before. */
export function window(asOf: string, days: number, before = 0): Window {
  const to = shiftDay(asOf, -days * before);
  return { from: shiftDay(to, -(days - 1)), to };
}

/** Counters summed per (site, key) over the rows inside the window. */
export function totals(rows: readonly KpiRow[], w: Window): Map<string, { siteId: string; key: string; counters: Counters }> {
  const out = new Map<string, { siteId: string; key: string; counters: Counters }>();
  for (const row of rows) {
    if (row.day < w.from || row.day > w.to) continue;
    const id = `${row.siteId}|${row.key}`;
    let t = out.get(id);
    if (!t) {
      t = { siteId: row.siteId, key: row.key, counters: {} };
      out.set(id, t);
    }
    addCounters(t.counters, row.counters);
  }
  return out;
}

/** Days inside the window on which `counter` moved, per (site, key). */
export function activeDays(rows: readonly KpiRow[], w: Window, counter: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const row of rows) {
    if (row.day < w.from || row.day > w.to || !(row.counters[counter] > 0)) continue;
    const id = `${row.siteId}|${row.key}`;
    out.set(id, (out.get(id) ?? 0) + 1);
  }
  return out;
}

/** The pairs (site, key) of the current window with their totals there and in the window before. */
export function compareWindows(rows: readonly KpiRow[], asOf: string, days: number) {
  const recent = totals(rows, window(asOf, days, 0));
  const previous = totals(rows, window(asOf, days, 1));
  return [...recent.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([id, r]) => ({ siteId: r.siteId, key: r.key, recent: r.counters, previous: previous.get(id)?.counters ?? {} }));
}

/** A ratio rounded to 4 decimals: what evidence shows is what decisions compared. */
export function ratio(part: number, whole: number): number {
  return whole === 0 ? 0 : Math.round((part / whole) * 10_000) / 10_000;
}

export function mean(sum: number, count: number): number {
  return count === 0 ? 0 : Math.round(sum / count);
}

export const n = (c: Counters, name: string): number => c[name] ?? 0;

/** `38 %` as French writes a rate (rounded to the unit). */
export function percent(rate: number): string {
  return `${Math.round(rate * 100)} %`;
}

/** `1 234 ms` with a narrow no-break space between thousands, as formatEuros writes them. */
export function formatInt(value: number): string {
  return Math.round(value)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, '\u202f');
}

/** `30/06/2026`, as the French UI writes days. */
export function frenchDay(day: string): string {
  return day.split('-').reverse().join('/');
}

/** `3 manques`, `1 manque`, `0 manque` (French singular up to 1). */
export function plural(count: number, word: string): string {
  return `${count} ${word}${count > 1 ? 's' : ''}`;
}
