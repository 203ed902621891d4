import { eurosToCents, formatEuros } from '@vigie/contracts';
import type { Locale } from './i18n';

/** Telegram rejects longer texts (https://core.telegram.org/bots/api#sendmessage). */
export const TELEGRAM_MAX_CHARS = 4096;

/** Telegram's HTML parse mode needs exactly these escaped (https://core.telegram.org/bots/api#html-style). */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/**
 * Escapes `text` and cuts it so the escaped result is at most `max` characters, ending with `…`
 * when cut. Cutting the raw text first means an entity (`&amp;`) is never split.
 */
export function clipEscaped(text: string, max: number): string {
  const full = escapeHtml(text);
  if (full.length <= max) return full;
  let out = '';
  for (const ch of text) {
    const next = escapeHtml(ch);
    if (out.length + next.length + 1 > max) break;
    out += next;
  }
  return `${out}…`;
}

const DATE_TIME = new Map<string, Intl.DateTimeFormat>();

function dateTimeFormat(timeZone: string): Intl.DateTimeFormat {
  let f = DATE_TIME.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      day: '2-digit',
      month: '2-digit',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    DATE_TIME.set(timeZone, f);
  }
  return f;
}

/** `30/11/2026 08:00` (fr) or `2026-11-30 08:00` (en): wall time in `timeZone`, whatever the server's. */
export function formatDateTime(iso: string | Date, timeZone: string, locale: Locale = 'fr'): string {
  const parts = Object.fromEntries(dateTimeFormat(timeZone).formatToParts(new Date(iso)).map((p) => [p.type, p.value]));
  return locale === 'en'
    ? `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`
    : `${parts.day}/${parts.month}/${parts.year} ${parts.hour}:${parts.minute}`;
}

/** `30/11/2026 08:00`, wall time in Europe/Paris. */
export function formatParisDateTime(iso: string): string {
  return formatDateTime(iso, 'Europe/Paris', 'fr');
}

/** fr `2 j 3 h`, `1 h 48 min`, `5 min`, `moins d'une minute`; en `2 d 3 h`, …, `less than a minute`. */
export function formatDuration(ms: number, locale: Locale = 'fr'): string {
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 1) return locale === 'en' ? 'less than a minute' : "moins d'une minute";
  const day = locale === 'en' ? 'd' : 'j';
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const mins = minutes % 60;
  if (days > 0) return hours > 0 ? `${days} ${day} ${hours} h` : `${days} ${day}`;
  if (hours > 0) return mins > 0 ? `${hours} h ${mins} min` : `${hours} h`;
  return `${mins} min`;
}

/** `12 345,5` (fr, narrow no-break space) or `12,345.5` (en). */
export function formatNumber(n: number, locale: Locale = 'fr', maxFractionDigits = 2): string {
  return new Intl.NumberFormat(locale === 'en' ? 'en-GB' : 'fr-FR', { maximumFractionDigits: maxFractionDigits }).format(n);
}

/** `12,5 %` (fr) or `12.5%` (en). */
export function formatPercent(n: number, locale: Locale = 'fr'): string {
  return locale === 'en' ? `${formatNumber(n, 'en', 1)}%` : `${formatNumber(n, 'fr', 1)} %`;
}

/** `-15,00 €` (fr, DOMAIN.md) or `-€15.00` (en). */
export function formatMoney(euros: number, locale: Locale = 'fr'): string {
  if (locale === 'fr') return formatEuros(euros);
  const cents = eurosToCents(euros);
  const abs = Math.abs(cents);
  const units = Math.floor(abs / 100).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${cents < 0 ? '-' : ''}€${units}.${String(abs % 100).padStart(2, '0')}`;
}

/** Anomaly ids are `anm-` + 24 hex; 8 are enough for a human to match the dashboard (and for /ack). */
export function shortId(id: string): string {
  return id.length > 12 ? id.slice(0, 12) : id;
}

export interface PackedText {
  text: string;
  /** How many of the input lines this text carries. */
  lines: number;
}

/**
 * Packs lines into as few texts of at most `max` characters as possible, in order, each starting
 * with `header(part, total)` and ending with `footer`. A line is never split: callers build short lines.
 */
export function packLines(
  lines: readonly string[],
  max: number,
  header: (part: number, total: number) => string,
  footer = '',
): PackedText[] {
  // The header's length depends on the part count; a generous bound keeps the packing stable.
  const budget = max - (header(999, 999).length + 1) - (footer ? footer.length + 1 : 0);
  const groups: string[][] = [];
  let current: string[] = [];
  let size = 0;
  for (const line of lines) {
    if (current.length > 0 && size + line.length + 1 > budget) {
      groups.push(current);
      current = [];
      size = 0;
    }
    current.push(line);
    size += line.length + 1;
  }
  if (current.length > 0) groups.push(current);
  return groups.map((g, i) => ({ text: [header(i + 1, groups.length), ...g, ...(footer ? [footer] : [])].join('\n'), lines: g.length }));
}
