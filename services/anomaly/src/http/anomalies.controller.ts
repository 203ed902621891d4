import { EntityManager } from '@mikro-orm/postgresql';
import { Controller, Get, HttpCode, Post } from '@nestjs/common';
import {
  AcknowledgeAnomalyCommand,
  AnomalyListQuery,
  ResolveAnomalyCommand,
  SilenceAnomalyCommand,
} from '@vigie/contracts';
import { DomainError, ZodBody, ZodParam, ZodQuery } from '@vigie/health';
import { z } from 'zod';
import { AnomalyRow } from '../entities/anomaly.entity';
import { ActOnAnomaly } from '../usecases/act-on-anomaly/act-on-anomaly.usecase';

/** Anomaly ids are subject-safe tokens; anything else (a NUL byte: Postgres refuses it) is a 400, not a 500. */
const AnomalyIdParam = z.string().regex(/^[A-Za-z0-9_-]{1,128}$/, 'must be an anomaly id');

/** The anomaly service's own read API (the gateway serves the admin one from its projection). */
@Controller()
export class AnomaliesController {
  constructor(
    private readonly em: EntityManager,
    private readonly act: ActOnAnomaly,
  ) {}

  @Post('anomalies/:id/acknowledge')
  @HttpCode(200)
  acknowledge(@ZodParam('id', AnomalyIdParam) id: string, @ZodBody(AcknowledgeAnomalyCommand) body: AcknowledgeAnomalyCommand) {
    return this.act.execute(id, { kind: 'acknowledge', ...body });
  }

  @Post('anomalies/:id/silence')
  @HttpCode(200)
  silence(@ZodParam('id', AnomalyIdParam) id: string, @ZodBody(SilenceAnomalyCommand) body: SilenceAnomalyCommand) {
    const until = new Date(Date.now() + body.durationMinutes * 60_000).toISOString();
    return this.act.execute(id, { kind: 'silence', by: body.by, reason: body.reason, until });
  }

  @Post('anomalies/:id/resolve')
  @HttpCode(200)
  resolve(@ZodParam('id', AnomalyIdParam) id: string, @ZodBody(ResolveAnomalyCommand) body: ResolveAnomalyCommand) {
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
  async get(@ZodParam('id', AnomalyIdParam) id: string) {
    const row = await this.em.fork().findOne(AnomalyRow, { anomalyId: id });
    if (!row) throw new DomainError('anomaly.not-found', `no anomaly ${id}`, 404);
    return row.toState();
  }
}
