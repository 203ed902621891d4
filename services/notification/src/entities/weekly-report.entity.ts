import { EntitySchema } from '@mikro-orm/core';

/** Weekly reports seen on REPORT, for /report. */
export class WeeklyReportRow {
  reportId!: string;
  eventId!: string;
  siteId!: string;
  isoWeek!: string;
  kpis!: Record<string, unknown>;
  occurredAt!: Date;
}

export const WeeklyReportSchema = new EntitySchema<WeeklyReportRow>({
  class: WeeklyReportRow,
  tableName: 'weekly_report',
  properties: {
    reportId: { type: 'string', primary: true },
    eventId: { type: 'string' },
    siteId: { type: 'string' },
    isoWeek: { type: 'string' },
    kpis: { type: 'json' },
    occurredAt: { type: 'datetime' },
  },
});
