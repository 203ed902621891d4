import { EntitySchema } from '@mikro-orm/core';
import type { Counters, KpiKind } from './kpi';

/** The `kpi_daily` projection: counters per (day in Europe/Paris, site, kind, key). */
export class KpiDailyRow {
  day!: string;
  siteId!: string;
  kind!: KpiKind;
  key!: string;
  counters!: Counters;
}

export const KpiDailySchema = new EntitySchema<KpiDailyRow>({
  class: KpiDailyRow,
  tableName: 'kpi_daily',
  properties: {
    day: { type: 'date', primary: true },
    siteId: { type: 'string', primary: true },
    kind: { type: 'string', primary: true },
    key: { type: 'string', primary: true },
    counters: { type: 'json' },
  },
});
