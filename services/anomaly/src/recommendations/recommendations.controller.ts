import { EntityManager } from '@mikro-orm/postgresql';
import { Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ZodQuery } from '@vigie/health';
import { z } from 'zod';
import { Day } from '../projections/kpi-query';
import { AnalyzeTrends } from './analyze-trends.usecase';
import { RecommendationRow, viewOf } from './recommendation.entity';

/** `asOf`: analyse as of that day instead of the latest day in the projection (audits, tests of a past month). */
const AnalyzeQuery = z.object({ asOf: Day.optional() }).strict();

/** Maintenance recommendations: the active ones, and an analysis on demand (the reporting job calls it). */
@Controller('recommendations')
export class RecommendationsController {
  constructor(
    private readonly em: EntityManager,
    private readonly analyze: AnalyzeTrends,
  ) {}

  @Get()
  async list() {
    const rows = await this.em
      .fork()
      .find(RecommendationRow, { status: 'active' }, { orderBy: { kind: 'asc', siteId: 'asc', subject: 'asc' } });
    return { items: rows.map(viewOf) };
  }

  @Post('analyze')
  @HttpCode(200)
  run(@ZodQuery(AnalyzeQuery) query: z.infer<typeof AnalyzeQuery>) {
    return this.analyze.execute(query.asOf);
  }
}
