import { performance } from 'node:perf_hooks';

/**
 * A target of the issue: either a ratio of the raw ceiling measured in the same run (`atLeastRatio`),
 * or an absolute bound on the value (`atMost` / `atLeast`).
 */
export type Target = { atLeastRatio: number } | { atMost: number } | { atLeast: number };

export interface Measurement {
  name: string;
  value: number;
  unit: string;
  /** The raw ceiling of the same kind measured in this run, if the figure has one. */
  ceiling?: { name: string; value: number };
  target?: Target;
  /** True when the value is extrapolated (e.g. a 1 M-event time from a smaller run). */
  projected?: boolean;
  note?: string;
}

export type Verdict = 'met' | 'missed' | '';

export async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; result: T }> {
  const start = performance.now();
  const result = await work();
  return { ms: performance.now() - start, result };
}

export function rate(count: number, ms: number): number {
  return ms > 0 ? Math.round((count / ms) * 1000) : 0;
}

/** Nearest-rank percentile. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export function ratio(m: Measurement): number | undefined {
  return m.ceiling && m.ceiling.value > 0 ? m.value / m.ceiling.value : undefined;
}

export function verdict(m: Measurement): Verdict {
  const t = m.target;
  if (!t || !Number.isFinite(m.value)) return t ? 'missed' : '';
  if ('atLeastRatio' in t) {
    const r = ratio(m);
    return r !== undefined && r >= t.atLeastRatio ? 'met' : 'missed';
  }
  if ('atMost' in t) return m.value <= t.atMost ? 'met' : 'missed';
  return m.value >= t.atLeast ? 'met' : 'missed';
}

export function targetText(m: Measurement): string {
  const t = m.target;
  if (!t) return '';
  if ('atLeastRatio' in t) return `≥ ${t.atLeastRatio} × ceiling`;
  if ('atMost' in t) return `≤ ${t.atMost} ${m.unit}`;
  return `≥ ${t.atLeast} ${m.unit}`;
}

function fmt(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  return Number.isInteger(n) ? n.toLocaleString('en-US').replace(/,/g, ' ') : String(n);
}

export function table(rows: readonly Measurement[]): string {
  const header = ['measure', 'value', 'unit', 'raw ceiling (same run)', 'ratio', 'target', 'verdict', 'note'];
  const body = rows.map((m) => {
    const r = ratio(m);
    return [
      m.name,
      `${m.projected ? '~' : ''}${fmt(m.value)}`,
      m.unit,
      m.ceiling ? `${fmt(m.ceiling.value)} (${m.ceiling.name})` : '',
      r === undefined ? '' : `${r.toFixed(2)} ×`,
      targetText(m),
      verdict(m),
      m.note ?? '',
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i].length)));
  const right = new Set([1, 4]);
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === cells.length - 1 ? c : right.has(i) ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ').trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)].join('\n');
}
