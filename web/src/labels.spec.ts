import { describe, expect, it } from 'vitest';
import { formatDateTime } from './labels';

describe('formatDateTime', () => {
  it('writes Europe/Paris time in winter (UTC+1)', () => {
    expect(formatDateTime('2026-11-30T07:00:00.000Z')).toBe('30/11/2026 08:00');
  });

  it('writes Europe/Paris time in summer (UTC+2), midnight as 00', () => {
    expect(formatDateTime('2026-07-13T22:05:00Z')).toBe('14/07/2026 00:05');
  });

  it('leaves an unreadable date blank', () => {
    expect(formatDateTime('not a date')).toBe('');
  });
});
