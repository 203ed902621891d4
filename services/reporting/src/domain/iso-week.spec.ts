import { daysOf, isIsoWeek, isoWeekOfDay, lastDueWeek, localDay, mondayOf, nextOccurrence, previousOccurrence, shiftWeek, weeksBetween } from './iso-week';

const PARIS = 'Europe/Paris';
const MONDAY_8 = '0 8 * * 1';

describe('ISO weeks', () => {
  it.each([
    ['2026-03-23', '2026-W13'],
    ['2026-03-29', '2026-W13'],
    ['2026-03-30', '2026-W14'],
    ['2026-01-01', '2026-W01'],
    ['2026-12-31', '2026-W53'],
    ['2027-01-03', '2026-W53'],
    ['2027-01-04', '2027-W01'],
    ['2024-12-30', '2025-W01'],
  ])('%s is in %s', (day, week) => {
    expect(isoWeekOfDay(day)).toBe(week);
  });

  it('gives the seven days of a week, Monday first, across a year boundary', () => {
    expect(daysOf('2026-W13')).toEqual(['2026-03-23', '2026-03-24', '2026-03-25', '2026-03-26', '2026-03-27', '2026-03-28', '2026-03-29']);
    expect(daysOf('2026-W53')[6]).toBe('2027-01-03');
    expect(mondayOf('2025-W01')).toBe('2024-12-30');
  });

  it('moves by weeks and lists ranges', () => {
    expect(shiftWeek('2026-W53', 1)).toBe('2027-W01');
    expect(shiftWeek('2027-W01', -1)).toBe('2026-W53');
    expect(weeksBetween('2026-W52', '2027-W02')).toEqual(['2026-W52', '2026-W53', '2027-W01', '2027-W02']);
    expect(weeksBetween('2026-W14', '2026-W13')).toEqual([]);
  });

  it('validates week names', () => {
    expect(isIsoWeek('2026-W53')).toBe(true);
    expect(isIsoWeek('2025-W53')).toBe(false);
    expect(isIsoWeek('2026-W00')).toBe(false);
    expect(isIsoWeek('2026W13')).toBe(false);
  });
});

describe('schedule in a time zone (DST)', () => {
  it('takes the calendar day in the zone, not in UTC', () => {
    expect(localDay(new Date('2026-03-29T21:59:00Z'), PARIS)).toBe('2026-03-29');
    expect(localDay(new Date('2026-03-29T22:00:00Z'), PARIS)).toBe('2026-03-30');
    expect(localDay(new Date('2026-03-22T23:00:00Z'), PARIS)).toBe('2026-03-23');
  });

  it('fires at 08:00 Paris time on both sides of a DST change', () => {
    // Winter (UTC+1) then summer (UTC+2, from Sunday 29 March 2026), and back (Sunday 25 October).
    expect(nextOccurrence(MONDAY_8, PARIS, new Date('2026-03-17T00:00:00Z')).toISOString()).toBe('2026-03-23T07:00:00.000Z');
    expect(nextOccurrence(MONDAY_8, PARIS, new Date('2026-03-24T00:00:00Z')).toISOString()).toBe('2026-03-30T06:00:00.000Z');
    expect(nextOccurrence(MONDAY_8, PARIS, new Date('2026-10-20T00:00:00Z')).toISOString()).toBe('2026-10-26T07:00:00.000Z');
  });

  it('counts `now` itself as the previous occurrence', () => {
    expect(previousOccurrence(MONDAY_8, PARIS, new Date('2026-03-30T06:00:00.000Z')).toISOString()).toBe('2026-03-30T06:00:00.000Z');
    expect(previousOccurrence(MONDAY_8, PARIS, new Date('2026-03-30T05:59:59.999Z')).toISOString()).toBe('2026-03-23T07:00:00.000Z');
  });

  it('makes last week due on Monday at 08:00 Paris time, whatever the UTC offset', () => {
    // The Monday after the spring change: 08:00 Paris is 06:00 UTC.
    expect(lastDueWeek(MONDAY_8, PARIS, new Date('2026-03-30T05:59:59Z'))).toBe('2026-W12');
    expect(lastDueWeek(MONDAY_8, PARIS, new Date('2026-03-30T06:00:00Z'))).toBe('2026-W13');
    // The Monday after the autumn change: 08:00 Paris is 07:00 UTC.
    expect(lastDueWeek(MONDAY_8, PARIS, new Date('2026-10-26T06:30:00Z'))).toBe('2026-W42');
    expect(lastDueWeek(MONDAY_8, PARIS, new Date('2026-10-26T07:00:00Z'))).toBe('2026-W43');
    // Later in the week, still last week; on Sunday night, still last week too.
    expect(lastDueWeek(MONDAY_8, PARIS, new Date('2026-04-05T21:00:00Z'))).toBe('2026-W13');
  });

  it('follows another cron and zone', () => {
    expect(lastDueWeek('0 6 * * 2', 'America/New_York', new Date('2026-03-31T10:00:00Z'))).toBe('2026-W13');
    expect(lastDueWeek('0 6 * * 2', 'America/New_York', new Date('2026-03-31T09:59:00Z'))).toBe('2026-W12');
  });
});
