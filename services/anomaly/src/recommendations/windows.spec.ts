import type { KpiRow } from '../projections/kpi';
import { compareWindows, formatInt, frenchDay, percent, plural, ratio, shiftDay, window } from './windows';

describe('windows', () => {
  it('shifts calendar days across months and years', () => {
    expect(shiftDay('2026-03-01', -1)).toBe('2026-02-28');
    expect(shiftDay('2026-12-31', 1)).toBe('2027-01-01');
    expect(shiftDay('2026-10-25', 1)).toBe('2026-10-26');
  });

  it('gives the last N days up to asOf, and the N days before them', () => {
    expect(window('2026-06-30', 7)).toEqual({ from: '2026-06-24', to: '2026-06-30' });
    expect(window('2026-06-30', 7, 1)).toEqual({ from: '2026-06-17', to: '2026-06-23' });
    expect(window('2026-06-30', 30, 1)).toEqual({ from: '2026-05-02', to: '2026-05-31' });
  });

  it('sums counters per (site, key) in the current window and the one before, ignoring older rows', () => {
    const rows: KpiRow[] = [
      { day: '2026-06-30', siteId: 's1', kind: 'sync', key: 'a', counters: { runsFailed: 1 } },
      { day: '2026-06-24', siteId: 's1', kind: 'sync', key: 'a', counters: { runsFailed: 2, runsSucceeded: 1 } },
      { day: '2026-06-23', siteId: 's1', kind: 'sync', key: 'a', counters: { runsSucceeded: 5 } },
      { day: '2026-06-16', siteId: 's1', kind: 'sync', key: 'a', counters: { runsSucceeded: 100 } },
      { day: '2026-06-20', siteId: 's1', kind: 'sync', key: 'old-only', counters: { runsSucceeded: 1 } },
      { day: '2026-06-30', siteId: 's2', kind: 'sync', key: 'a', counters: { runsSucceeded: 1 } },
    ];
    expect(compareWindows(rows, '2026-06-30', 7)).toEqual([
      { siteId: 's1', key: 'a', recent: { runsFailed: 3, runsSucceeded: 1 }, previous: { runsSucceeded: 5 } },
      { siteId: 's2', key: 'a', recent: { runsSucceeded: 1 }, previous: {} },
    ]);
  });

  it('rounds ratios to 4 decimals and writes French numbers', () => {
    expect(ratio(1, 3)).toBe(0.3333);
    expect(ratio(1, 0)).toBe(0);
    expect(percent(0.3333)).toBe('33 %');
    expect(formatInt(12345.6)).toBe('12\u202f346');
    expect(frenchDay('2026-06-30')).toBe('30/06/2026');
    expect([plural(0, 'manque'), plural(1, 'manque'), plural(2, 'manque')]).toEqual(['0 manque', '1 manque', '2 manques']);
  });
});
