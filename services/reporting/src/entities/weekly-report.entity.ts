import { EntitySchema } from '@mikro-orm/core';
import type { WeeklyReport } from '../domain/weekly-report';

/** The `weekly_report` table: one row per ISO week, ever — its primary key is the exactly-once guard. */
export class WeeklyReportRow {
  isoWeek!: string;
  reportId!: string;
  fromDay!: string;
  toDay!: string;
  generatedAt!: Date;
  /** Id of the `report.weekly.generated` event enqueued with this row. */
  eventId!: string;
  report!: WeeklyReport;
  summary!: Record<string, number>;
}

export const WeeklyReportSchema = new EntitySchema<WeeklyReportRow>({
  class: WeeklyReportRow,
  tableName: 'weekly_report',
  properties: {
    isoWeek: { type: 'string', primary: true },
    reportId: { type: 'string', unique: true },
    fromDay: { type: 'date' },
    toDay: { type: 'date' },
    generatedAt: { type: 'datetime' },
    eventId: { type: 'string' },
    report: { type: 'json' },
    summary: { type: 'json' },
  },
});
