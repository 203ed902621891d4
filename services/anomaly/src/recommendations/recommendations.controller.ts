import { EntityManager } from '@mikro-orm/postgresql';
import { Controller, Get, HttpCode, Post } from '@nestjs/common';
import { AnalyzeTrends } from './analyze-trends.usecase';
import { RecommendationRow, viewOf } from './recommendation.entity';

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
  run() {
    return this.analyze.execute();
  }
}
