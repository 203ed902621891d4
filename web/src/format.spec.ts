import { afterEach, describe, expect, it } from 'vitest';
import { addDays, formatDay, formatEuros, formatNumber, formatPercent, parisDay } from './format';
import { setLocale } from './i18n';

const NBSP = '\u00a0';

describe('format', () => {
  afterEach(() => setLocale('fr'));

  it('amounts as 12,50 € in French and €12.50 in English', () => {
    expect(formatEuros(12.5)).toBe(`12,50${NBSP}€`);
    expect(formatEuros(-1234.5)).toBe(`-1${NBSP}234,50${NBSP}€`);
    expect(formatEuros(-0.001)).toBe(`0,00${NBSP}€`);
    setLocale('en');
    expect(formatEuros(1234.5)).toBe('€1,234.50');
    expect(formatEuros(-3)).toBe('-€3.00');
  });

  it('numbers and percentages', () => {
    expect(formatNumber(12000)).toBe(`12${NBSP}000`);
    expect(formatPercent(0.125)).toBe(`12,5${NBSP}%`);
    expect(formatPercent(null)).toBe('—');
    setLocale('en');
    expect(formatPercent(0.125)).toBe('12.5%');
  });

  it('Paris days', () => {
    expect(parisDay(new Date('2026-11-30T23:30:00Z'))).toBe('2026-12-01');
    expect(parisDay(new Date('2026-07-13T21:59:00Z'))).toBe('2026-07-13');
    expect(addDays('2026-12-01', -6)).toBe('2026-11-25');
    expect(addDays('2026-03-28', 2)).toBe('2026-03-30');
    expect(formatDay('2026-11-30')).toBe('30/11/2026');
  });
});
