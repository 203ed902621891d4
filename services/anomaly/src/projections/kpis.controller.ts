import { EntityManager } from '@mikro-orm/postgresql';
import { Controller, Get } from '@nestjs/common';
import { ZodQuery } from '@vigie/health';
import { latencyPercentile, type KpiRow } from './kpi';
import { KpiDailyRow } from './kpi-daily.entity';
import { KpiQuery } from './kpi-query';

type KpiView = KpiRow & { latencyP50Ms?: number | null; latencyP95Ms?: number | null };

function view(row: KpiDailyRow): KpiView {
  const base: KpiView = { day: row.day, siteId: row.siteId, kind: row.kind, key: row.key, counters: row.counters };
  if (row.kind !== 'ai') return base;
  return { ...base, latencyP50Ms: latencyPercentile(row.counters, 50), latencyP95Ms: latencyPercentile(row.counters, 95) };
}

/** Daily KPIs for the dashboard and the weekly report. */
@Controller()
export class KpisController {
  constructor(private readonly em: EntityManager) {}

  @Get('kpis')
  async list(@ZodQuery(KpiQuery) query: KpiQuery): Promise<{ items: KpiView[] }> {
    const rows = await this.em.fork().find(
      KpiDailyRow,
      {
        day: { $gte: query.from, $lte: query.to },
        ...(query.siteId ? { siteId: query.siteId } : {}),
        // Stream samples are the recommendations' input; the contracts' KPI rows do not have that kind.
        kind: query.kind ?? { $ne: 'stream' },
      },
      { orderBy: { day: 'asc', siteId: 'asc', kind: 'asc', key: 'asc' } },
    );
    return { items: rows.map(view) };
  }
}
