import { isKpi, type Kpi } from './kpi';
import type { ScopeKpis, WeeklyReport } from './weekly-report';

export const CSV_HEADER = ['week', 'scope', 'indicator', 'unit', 'value', 'previous', 'change', 'change_pct'] as const;

/** The unit of an indicator, from its name: what the CSV's reader needs to read the number. */
export function unitOf(path: string): string {
  const leaf = path.slice(path.lastIndexOf('.') + 1);
  if (/Ms$/.test(leaf)) return 'ms';
  if (/(Rate|Share)$/.test(leaf) || leaf === 'uptime') return 'ratio';
  if (['salesTotal', 'averageBasket', 'totalAbs'].includes(leaf)) return 'EUR';
  return 'count';
}

function cell(value: string | number | null): string {
  if (value === null) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function* kpisOf(node: unknown, path: string[]): Generator<[string, Kpi]> {
  if (isKpi(node)) {
    yield [path.join('.'), node];
    return;
  }
  if (typeof node !== 'object' || node === null || Array.isArray(node)) return;
  for (const [key, child] of Object.entries(node)) yield* kpisOf(child, [...path, key]);
}

function scopeRows(week: string, scope: string, kpis: ScopeKpis): string[] {
  return [...kpisOf(kpis, [])].map(([path, k]) =>
    [week, scope, path, unitOf(path), k.value, k.previous, k.change, k.changePct].map(cell).join(','),
  );
}

/**
 * Every indicator of a report, one per line (RFC 4180, comma-separated, `.` decimals, UTF-8 with a
 * BOM so spreadsheets detect the encoding): overall first, then each site. Ratios are 0..1; amounts
 * in euros; `change` is in the indicator's unit, `change_pct` relative to the previous week.
 */
export function reportCsv(report: WeeklyReport): string {
  const lines = [
    CSV_HEADER.join(','),
    ...scopeRows(report.isoWeek, 'overall', report.overall),
    ...Object.entries(report.sites).flatMap(([site, kpis]) => scopeRows(report.isoWeek, `site:${site}`, kpis)),
  ];
  return '\ufeff' + lines.join('\r\n') + '\r\n';
}
