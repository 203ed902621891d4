import { aiKpiProjection } from './ai-kpi.projection';
import { authKpiProjection } from './auth-kpi.projection';
import { cashKpiProjection } from './cash-kpi.projection';
import { deadLetterKpiProjection } from './dead-letter-kpi.projection';
import type { KpiProjection } from './kpi-projection';
import { opsKpiProjection } from './ops-kpi.projection';
import { syncKpiProjection } from './sync-kpi.projection';

/** Every KPI projection, one per input stream. Checked at boot: none missing, no stream or kind twice. */
export const KPI_PROJECTIONS: readonly KpiProjection[] = [
  cashKpiProjection,
  syncKpiProjection,
  aiKpiProjection,
  authKpiProjection,
  opsKpiProjection,
  deadLetterKpiProjection,
];

export function checkProjections(projections: readonly KpiProjection[]): readonly KpiProjection[] {
  if (projections.length === 0) throw new Error('no KPI projection registered');
  const streams = new Set<string>();
  const kinds = new Set<string>();
  for (const p of projections) {
    if (streams.has(p.stream)) throw new Error(`two KPI projections read ${p.stream}`);
    if (kinds.has(p.kind)) throw new Error(`two KPI projections write kind ${p.kind}`);
    streams.add(p.stream);
    kinds.add(p.kind);
  }
  return projections;
}
