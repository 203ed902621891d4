import { performance } from 'node:perf_hooks';

export interface Measurement {
  name: string;
  value: number;
  unit: string;
  /** The raw ceiling of the same kind measured in this run, if the figure has one. */
  ceiling?: number;
  note?: string;
}

export async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; result: T }> {
  const start = performance.now();
  const result = await work();
  return { ms: performance.now() - start, result };
}

export function rate(count: number, ms: number): number {
  return Math.round((count / ms) * 1000);
}

/** Nearest-rank percentile of a sorted copy. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export function table(rows: Measurement[]): string {
  const lines = rows.map((r) => {
    const ratio = r.ceiling ? `${((r.value / r.ceiling) * 100).toFixed(1)} % of ceiling` : '';
    return `${r.name.padEnd(48)} ${String(r.value).padStart(10)} ${r.unit.padEnd(10)} ${ratio.padEnd(20)} ${r.note ?? ''}`;
  });
  return [`${'measure'.padEnd(48)} ${'value'.padStart(10)} ${'unit'.padEnd(10)} ${'ratio'.padEnd(20)} note`, ...lines].join('\n');
}
