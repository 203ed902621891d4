import { createHash } from 'node:crypto';
import type { Severity } from '@vigie/contracts';
import type { KpiKind, KpiRow } from '../projections/kpi';

/** A maintenance recommendation as an analyser concludes it; nothing is recommended unconditionally. */
export interface Recommendation {
  /** The analyser's kind, e.g. `register-variance-trend`. */
  kind: string;
  siteId: string;
  /** What it is about within its kind: a register, a sync target, an AI model, a durable, a service. */
  subject: string;
  severity: Severity;
  /** French, with the key numbers; at most 200 characters. */
  title: string;
  /** French, every number the recommendation rests on. */
  summary: string;
  /** The numbers themselves, exactly as computed from `kpi_daily`. */
  evidence: Record<string, number>;
  /** 1 to 3 concrete actions, in French. */
  actions: string[];
}

/**
 * Looks at trends in the KPI projection. Pure: the same rows and `asOf` (the latest event day in the
 * projection, never the wall clock) always give the same recommendations.
 */
export interface Analyser {
  readonly kind: string;
  /** The kind of KPI rows it reads. */
  readonly reads: KpiKind;
  /** How many days up to `asOf` (included) it looks at. */
  readonly lookbackDays: number;
  analyse(rows: readonly KpiRow[], asOf: string): Recommendation[];
}

/** Stable across runs and instances: the same (kind, site, subject) is always the same recommendation. */
export function recommendationIdFor(r: Pick<Recommendation, 'kind' | 'siteId' | 'subject'>): string {
  const hash = createHash('sha256').update([r.kind, r.siteId, r.subject].join('\u0000')).digest('hex');
  return `rec-${hash.slice(0, 24)}`;
}
