import { Controller, Get, Res } from '@nestjs/common';
import {
  IsoWeek,
  ReportListQuery,
  type JobListResponse,
  type ReportListResponse,
  type ReportView,
} from '@vigie/contracts';
import { ZodParam, ZodQuery } from '@vigie/health';
import type { Response } from 'express';
import { ReportingClient } from '../upstream/reporting.client';

/** The weekly reports (list, one, one as CSV) and the reporting jobs' state. */
@Controller('api')
export class ReportsController {
  constructor(private readonly reporting: ReportingClient) {}

  @Get('reports')
  list(@ZodQuery(ReportListQuery) query: ReportListQuery): Promise<ReportListResponse> {
    return this.reporting.reports(query.limit);
  }

  // Declared before `:isoWeek`, which would otherwise take `2026-W13.csv` whole.
  @Get('reports/:isoWeek.csv')
  async csv(@ZodParam('isoWeek', IsoWeek) isoWeek: string, @Res({ passthrough: true }) res: Response): Promise<string> {
    const reply = await this.reporting.reportCsv(isoWeek);
    res.setHeader('content-type', 'text/csv; charset=utf-8');
    res.setHeader('content-disposition', `attachment; filename="vigie-rapport-${isoWeek}.csv"`);
    res.setHeader('cache-control', 'no-store');
    return reply.text;
  }

  @Get('reports/:isoWeek')
  get(@ZodParam('isoWeek', IsoWeek) isoWeek: string): Promise<ReportView> {
    return this.reporting.report(isoWeek);
  }

  @Get('jobs')
  jobs(): Promise<JobListResponse> {
    return this.reporting.jobs();
  }
}
