import { MikroORM, type FilterQuery } from '@mikro-orm/core';
import { Injectable } from '@nestjs/common';
import type { AnomalyListQuery, AnomalyPush } from '@vigie/contracts';
import type { ReplaySource } from '../live/live-feed';
import { AnomalyViewRow } from './anomaly-view.entity';
import { toAnomalyView, type ProjectedAnomaly } from './anomaly-view.evolve';

/** Read side of `anomaly_view`. */
@Injectable()
export class AnomalyViewRepository implements ReplaySource {
  constructor(private readonly orm: MikroORM) {}

  async list(query: AnomalyListQuery): Promise<{ items: ProjectedAnomaly[]; total: number }> {
    const where: FilterQuery<AnomalyViewRow> = {
      ...(query.status ? { status: query.status } : {}),
      ...(query.severity ? { severity: query.severity } : {}),
      ...(query.ruleId ? { ruleId: query.ruleId } : {}),
      ...(query.siteId ? { siteId: query.siteId } : {}),
    };
    const [rows, total] = await this.orm.em.fork().findAndCount(AnomalyViewRow, where, {
      orderBy: { raisedAt: 'desc', firstSeq: 'desc' },
      limit: query.limit,
      offset: query.offset,
    });
    return { items: rows.map((r) => r.toProjected()), total };
  }

  async get(anomalyId: string): Promise<ProjectedAnomaly | undefined> {
    const row = await this.orm.em.fork().findOne(AnomalyViewRow, { anomalyId });
    return row?.toProjected();
  }

  /** Highest ANOMALY seq applied (0 when empty). */
  async lastSeq(): Promise<number> {
    const [row] = await this.orm.em
      .fork()
      .getConnection()
      .execute<{ last: string | null }[]>('select max("seq") as "last" from "anomaly_view"');
    return Number(row?.last ?? 0);
  }

  async pushesAfter(afterSeq: number, limit: number): Promise<AnomalyPush[]> {
    const rows = await this.orm.em
      .fork()
      .find(AnomalyViewRow, { seq: { $gt: afterSeq } }, { orderBy: { seq: 'asc' }, limit });
    return rows.map((r) => {
      const view = r.toProjected();
      return { seq: view.seq, eventType: view.lastEventType, anomaly: toAnomalyView(view) };
    });
  }
}
