import { dayAt, nthDay, parisDay, parisInstant, parisMidnightDaysBefore, parisWallTime } from './calendar';

describe('Paris calendar', () => {
  it('reads an instant as Paris wall-clock time, winter (UTC+1) and summer (UTC+2)', () => {
    expect(parisWallTime(Date.parse('2026-11-30T08:00:00Z'))).toMatchObject({ year: 2026, month: 11, day: 30, hour: 9, weekday: 1 });
    expect(parisWallTime(Date.parse('2026-07-14T07:30:00Z'))).toMatchObject({ month: 7, day: 14, hour: 9, minute: 30, weekday: 2 });
  });

  it('finds the instant of a Paris time', () => {
    expect(new Date(parisInstant(2026, 11, 30, 9)).toISOString()).toBe('2026-11-30T08:00:00.000Z');
    expect(new Date(parisInstant(2026, 7, 14, 0)).toISOString()).toBe('2026-07-13T22:00:00.000Z');
  });

  it('numbers calendar days across a DST change: 9:00 is 9:00 on both sides', () => {
    // Paris goes to summer time on Sunday 2026-03-29.
    const first = parisDay(Date.parse('2026-03-27T12:00:00Z'), 0);
    const days = [0, 1, 2, 3].map((i) => nthDay(first.startMs, i));
    expect(days.map((d) => [d.date, d.weekday])).toEqual([
      ['2026-03-27', 5],
      ['2026-03-28', 6],
      ['2026-03-29', 0],
      ['2026-03-30', 1],
    ]);
    expect(days.map((d) => new Date(dayAt(d, 9)).toISOString().slice(11, 16))).toEqual(['08:00', '08:00', '07:00', '07:00']);
    expect(new Date(dayAt(days[3], 18, 30.5)).toISOString()).toBe('2026-03-30T16:30:30.000Z');
  });

  it('gives the Paris midnight some days before now', () => {
    expect(new Date(parisMidnightDaysBefore(Date.parse('2026-11-30T23:30:00Z'), 7)).toISOString()).toBe('2026-11-23T23:00:00.000Z');
    expect(new Date(parisMidnightDaysBefore(Date.parse('2026-11-30T08:00:00Z'), 0)).toISOString()).toBe('2026-11-29T23:00:00.000Z');
  });
});
