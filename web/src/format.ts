import { locale } from './i18n';

const NBSP = '\u00a0';

function grouped(n: number, decimals: number, fr: boolean): string {
  const [int, dec] = Math.abs(n).toFixed(decimals).split('.');
  const withSeparators = int.replace(/\B(?=(\d{3})+(?!\d))/g, fr ? NBSP : ',');
  const sign = n < 0 && Number(Math.abs(n).toFixed(decimals)) !== 0 ? '-' : '';
  return `${sign}${withSeparators}${dec ? (fr ? ',' : '.') + dec : ''}`;
}

/** `1 234,50 €` in French, `€1,234.50` in English. */
export function formatEuros(amount: number): string {
  const fr = locale.value === 'fr';
  const text = grouped(amount, 2, fr);
  return fr ? `${text}${NBSP}€` : text.startsWith('-') ? `-€${text.slice(1)}` : `€${text}`;
}

/** A count or a measure: `1 234` / `1,234`, with `decimals` digits after the separator. */
export function formatNumber(n: number, decimals = 0): string {
  return grouped(n, decimals, locale.value === 'fr');
}

/** A ratio 0..1 as a percentage: `12,5 %` / `12.5%`; `—` when unknown. */
export function formatPercent(ratio: number | null | undefined, decimals = 1): string {
  if (ratio === null || ratio === undefined || !Number.isFinite(ratio)) return '—';
  const text = grouped(ratio * 100, decimals, locale.value === 'fr');
  return locale.value === 'fr' ? `${text}${NBSP}%` : `${text}%`;
}

export function formatMs(ms: number | null | undefined): string {
  return ms === null || ms === undefined ? '—' : `${formatNumber(ms)}${NBSP}ms`;
}

const PARIS_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' });

/** Today (or `at`) as a Europe/Paris calendar day, `YYYY-MM-DD`: the days KPIs are counted in. */
export function parisDay(at: Date = new Date()): string {
  const parts = Object.fromEntries(PARIS_DAY.formatToParts(at).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day}`;
}

/** `YYYY-MM-DD` shifted by whole days. */
export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** `2026-11-30` → `30/11/2026`. */
export function formatDay(day: string): string {
  const [y, m, d] = day.split('-');
  return d && m && y ? `${d}/${m}/${y}` : day;
}

/** `2026-11-30` → `30/11`, for chart axes. */
export function formatShortDay(day: string): string {
  const [, m, d] = day.split('-');
  return d && m ? `${d}/${m}` : day;
}
