import { EntityManager } from '@mikro-orm/postgresql';
import { Controller, Get, Res } from '@nestjs/common';
import { DomainError, ZodParam, ZodQuery } from '@vigie/health';
import type { Response } from 'express';
import { z } from 'zod';
import { isIsoWeek } from '../domain/iso-week';
import { reportCsv } from '../domain/report-csv';
import type { WeeklyReport } from '../domain/weekly-report';
import { WeeklyReportRow } from '../entities/weekly-report.entity';

const IsoWeekParam = z.string().refine(isIsoWeek, 'must be an ISO week like 2026-W13');
const ListQuery = z.object({ limit: z.coerce.number().int().min(1).max(520).default(52) }).strict();

export interface ReportListItem {
  isoWeek: string;
  reportId: string;
  from: string;
  to: string;
  generatedAt: string;
  summary: Record<string, number>;
}

export interface ReportView extends ReportListItem {
  eventId: string;
  report: WeeklyReport;
}

function listItem(row: WeeklyReportRow): ReportListItem {
  return {
    isoWeek: row.isoWeek,
    reportId: row.reportId,
    from: row.fromDay,
    to: row.toDay,
    generatedAt: row.generatedAt.toISOString(),
    summary: row.summary,
  };
}

/** The stored weekly reports: the list (newest first), one as JSON, one as CSV. */
@Controller('reports')
export class ReportsController {
  constructor(private readonly em: EntityManager) {}

  @Get()
  async list(@ZodQuery(ListQuery) query: z.infer<typeof ListQuery>): Promise<{ items: ReportListItem[] }> {
    const rows = await this.em.fork().find(WeeklyReportRow, {}, { orderBy: { isoWeek: 'desc' }, limit: query.limit });
    return { items: rows.map(listItem) };
  }

  // Declared before `:isoWeek`, which would otherwise take `2026-W13.csv` whole.
  @Get(':isoWeek.csv')
  async csv(@ZodParam('isoWeek', IsoWeekParam) isoWeek: string, @Res({ passthrough: true }) res: Response): Promise<string> {
    const row = await this.find(isoWeek);
    res.setHeader('content-type', 'text/csv; charset=utf-8');
    res.setHeader('content-disposition', `attachment; filename="vigie-rapport-${isoWeek}.csv"`);
    return reportCsv(row.report);
  }

  @Get(':isoWeek')
  async get(@ZodParam('isoWeek', IsoWeekParam) isoWeek: string): Promise<ReportView> {
    const row = await this.find(isoWeek);
    return { ...listItem(row), eventId: row.eventId, report: row.report };
  }

  private async find(isoWeek: string): Promise<WeeklyReportRow> {
    const row = await this.em.fork().findOne(WeeklyReportRow, { isoWeek });
    if (!row) throw new DomainError('report.not-found', `no weekly report for ${isoWeek}`, 404);
    return row;
  }
}
