import { formatClock, inQuietHours, isMuted, localMinutes, parseQuietHours } from './quiet-hours';

describe('quiet hours', () => {
  it('reads 22:00-07:00, 22h-7h and 9:30-12:00', () => {
    expect(parseQuietHours('22:00-07:00')).toEqual({ start: 1320, end: 420 });
    expect(parseQuietHours('22h-7h')).toEqual({ start: 1320, end: 420 });
    expect(parseQuietHours(' 9:30 - 12:00 ')).toEqual({ start: 570, end: 720 });
    expect(parseQuietHours('25:00-07:00')).toBeUndefined();
    expect(parseQuietHours('07:00-07:00')).toBeUndefined();
    expect(parseQuietHours('2h')).toBeUndefined();
    expect(formatClock(420)).toBe('07:00');
  });

  it('spans midnight', () => {
    const q = { start: 1320, end: 420 };
    expect([1319, 1320, 0, 419, 420].map((m) => inQuietHours(q, m))).toEqual([false, true, true, true, false]);
  });

  it("judges by the chat's local time, daylight saving included", () => {
    // 21:30 UTC is 22:30 in Paris in winter, 23:30 in summer; 17:30 in Montreal in winter.
    expect(localMinutes(new Date('2026-11-30T21:30:00Z'), 'Europe/Paris')).toBe(22 * 60 + 30);
    expect(localMinutes(new Date('2026-07-14T21:30:00Z'), 'Europe/Paris')).toBe(23 * 60 + 30);
    const settings = { timeZone: 'Europe/Paris', quietHours: { start: 1320, end: 420 }, mutedUntil: null };
    expect(isMuted(settings, new Date('2026-11-30T21:30:00Z'))).toBe(true);
    expect(isMuted({ ...settings, timeZone: 'America/Montreal' }, new Date('2026-11-30T21:30:00Z'))).toBe(false);
    expect(isMuted(settings, new Date('2026-11-30T07:30:00Z'))).toBe(false);
  });

  it('honours a one-off mute until it ends', () => {
    const settings = { timeZone: 'Europe/Paris', quietHours: null, mutedUntil: new Date('2026-11-30T10:00:00Z') };
    expect(isMuted(settings, new Date('2026-11-30T09:59:59Z'))).toBe(true);
    expect(isMuted(settings, new Date('2026-11-30T10:00:00Z'))).toBe(false);
  });
});
