import { EntityManager } from '@mikro-orm/postgresql';
import { Controller, Get, Param } from '@nestjs/common';
import { AnomalyListQuery } from '@vigie/contracts';
import { DomainError, ZodQuery } from '@vigie/health';
import { AnomalyRow } from '../entities/anomaly.entity';
import { RulesService } from '../rules/rules.service';

/** The anomaly service's own read API (the gateway serves the admin one from its projection). */
@Controller()
export class AnomaliesController {
  constructor(
    private readonly em: EntityManager,
    private readonly rules: RulesService,
  ) {}

  @Get('anomalies')
  async list(@ZodQuery(AnomalyListQuery) query: AnomalyListQuery) {
    const where = {
      ...(query.status ? { status: query.status } : {}),
      ...(query.severity ? { severity: query.severity } : {}),
      ...(query.ruleId ? { ruleId: query.ruleId } : {}),
      ...(query.siteId ? { siteId: query.siteId } : {}),
    };
    const [rows, total] = await this.em
      .fork()
      .findAndCount(AnomalyRow, where, { orderBy: { lastSeenAt: 'desc' }, limit: query.limit, offset: query.offset });
    return { items: rows.map((r) => r.toState()), total };
  }

  @Get('anomalies/:id')
  async get(@Param('id') id: string) {
    const row = await this.em.fork().findOne(AnomalyRow, { anomalyId: id });
    if (!row) throw new DomainError('anomaly.not-found', `no anomaly ${id}`, 404);
    return row.toState();
  }

  @Get('rules')
  listRules() {
    return { items: this.rules.all() };
  }
}
