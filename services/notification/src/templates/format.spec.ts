import { escapeHtml, formatDuration, formatParisDateTime, shortId } from './format';

describe('format', () => {
  it('escapes the characters Telegram HTML reserves', () => {
    expect(escapeHtml('<b>"R&D"</b>')).toBe('&lt;b&gt;&quot;R&amp;D&quot;&lt;/b&gt;');
    expect(escapeHtml('&amp;')).toBe('&amp;amp;');
  });

  it.each([
    ['2026-11-30T07:00:00.000Z', '30/11/2026 08:00'],
    ['2026-07-14T06:05:00Z', '14/07/2026 08:05'],
    ['2026-03-29T00:59:00Z', '29/03/2026 01:59'],
    ['2026-03-29T01:00:00Z', '29/03/2026 03:00'],
    ['2026-12-31T23:30:00Z', '01/01/2027 00:30'],
    ['2026-11-30T08:00:00+01:00', '30/11/2026 08:00'],
  ])('writes %s as %s in Europe/Paris', (iso, expected) => {
    expect(formatParisDateTime(iso)).toBe(expected);
  });

  it.each([
    [30_000, "moins d'une minute"],
    [5 * 60_000, '5 min'],
    [60 * 60_000, '1 h'],
    [6_480_000, '1 h 48 min'],
    [2 * 86_400_000 + 3 * 3_600_000 + 59_000, '2 j 3 h'],
    [86_400_000, '1 j'],
  ])('writes a duration of %d ms as %s', (ms, expected) => {
    expect(formatDuration(ms)).toBe(expected);
  });

  it('shortens anomaly ids to 8 hex digits', () => {
    expect(shortId('anm-0123456789abcdef01234567')).toBe('anm-01234567');
    expect(shortId('anm-2f1c9e')).toBe('anm-2f1c9e');
  });
});
