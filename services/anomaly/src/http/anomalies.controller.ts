import { EntityManager } from '@mikro-orm/postgresql';
import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import {
  AcknowledgeAnomalyCommand,
  AnomalyListQuery,
  ResolveAnomalyCommand,
  SilenceAnomalyCommand,
} from '@vigie/contracts';
import { DomainError, ZodBody, ZodQuery } from '@vigie/health';
import { AnomalyRow } from '../entities/anomaly.entity';
import { ActOnAnomaly } from '../usecases/act-on-anomaly/act-on-anomaly.usecase';

/** The anomaly service's own read API (the gateway serves the admin one from its projection). */
@Controller()
export class AnomaliesController {
  constructor(
    private readonly em: EntityManager,
    private readonly act: ActOnAnomaly,
  ) {}

  @Post('anomalies/:id/acknowledge')
  @HttpCode(200)
  acknowledge(@Param('id') id: string, @ZodBody(AcknowledgeAnomalyCommand) body: AcknowledgeAnomalyCommand) {
    return this.act.execute(id, { kind: 'acknowledge', ...body });
  }

  @Post('anomalies/:id/silence')
  @HttpCode(200)
  silence(@Param('id') id: string, @ZodBody(SilenceAnomalyCommand) body: SilenceAnomalyCommand) {
    const until = new Date(Date.now() + body.durationMinutes * 60_000).toISOString();
    return this.act.execute(id, { kind: 'silence', by: body.by, reason: body.reason, until });
  }

  @Post('anomalies/:id/resolve')
  @HttpCode(200)
  resolve(@Param('id') id: string, @ZodBody(ResolveAnomalyCommand) body: ResolveAnomalyCommand) {
    return this.act.execute(id, { kind: 'resolve', ...body });
  }

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
}
