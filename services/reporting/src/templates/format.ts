import { formatEuros } from '@vigie/contracts';
import type { Kpi } from '../domain/kpi';

export const DASH = '—';

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** `1 234` (narrow no-break space between thousands, as formatEuros). */
export function formatCount(n: number): string {
  const sign = n < 0 ? '-' : '';
  return sign + Math.round(Math.abs(n)).toString().replace(/\B(?=(\d{3})+(?!\d))/g, '\u202f');
}

function decimal(n: number, digits: number): string {
  return n.toFixed(digits).replace('.', ',');
}

/** A ratio as `12,5 %`. */
export function formatRatio(r: number): string {
  return `${decimal(r * 100, 1)} %`;
}

/** `45 s`, `12 min`, `1 h 05 min`, `2 j 3 h`. */
export function formatDuration(ms: number): string {
  const s = Math.round(Math.abs(ms) / 1000);
  const sign = ms < 0 ? '-' : '';
  if (s < 60) return `${sign}${s} s`;
  const min = Math.round(s / 60);
  if (min < 60) return `${sign}${min} min`;
  const h = Math.floor(min / 60);
  if (h < 24) return `${sign}${h} h ${String(min % 60).padStart(2, '0')} min`;
  return `${sign}${Math.floor(h / 24)} j ${h % 24} h`;
}

/** `2026-03-23` → `23/03/2026`. */
export function formatDay(day: string): string {
  const [y, m, d] = day.split('-');
  return `${d}/${m}/${y}`;
}

export type Shown = 'count' | 'euros' | 'ratio' | 'duration' | 'ms';

export function formatValue(value: number | null, as: Shown): string {
  if (value === null) return DASH;
  switch (as) {
    case 'count':
      return formatCount(value);
    case 'euros':
      return formatEuros(value);
    case 'ratio':
      return formatRatio(value);
    case 'duration':
      return formatDuration(value);
    case 'ms':
      return `${formatCount(value)} ms`;
  }
}

const signed = (n: number, text: string) => (n > 0 ? `+${text}` : text);

/**
 * The week-over-week change as people read it: a count by its difference, an amount in percent,
 * a ratio in percentage points, a duration by its difference. Empty when there is nothing to compare.
 */
export function formatChange(k: Kpi, as: Shown): string {
  if (k.change === null) return '';
  if (k.change === 0) return '=';
  switch (as) {
    case 'count':
      return signed(k.change, formatCount(k.change));
    case 'euros':
      return k.changePct === null ? signed(k.change, formatEuros(k.change)) : signed(k.changePct, `${decimal(k.changePct * 100, 1)} %`);
    case 'ratio':
      return signed(k.change, `${decimal(k.change * 100, 1)} pt`);
    case 'duration':
      return signed(k.change, formatDuration(k.change));
    case 'ms':
      return signed(k.change, `${formatCount(k.change)} ms`);
  }
}

/** `12 (+3)`, `456,70 € (+12,0 %)`, `—`. */
export function formatKpi(k: Kpi, as: Shown): string {
  const change = formatChange(k, as);
  return change ? `${formatValue(k.value, as)} (${change})` : formatValue(k.value, as);
}

export function plural(n: number | null, one: string, many: string): string {
  return n !== null && Math.abs(n) >= 2 ? many : one;
}
