import { LockMode } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { AnyEvent } from '@vigie/contracts';
import type { AnomalyFact } from '../domain/kpi';
import { AnomalyTimelineRow } from '../entities/anomaly-timeline.entity';
import { evolveTimeline } from './anomaly-timeline';

export function factOf(row: AnomalyTimelineRow): AnomalyFact {
  return {
    anomalyId: row.anomalyId,
    ruleId: row.ruleId,
    siteId: row.siteId,
    severity: row.severity,
    raisedAt: row.raisedAt.toISOString(),
    raisedDay: row.raisedDay,
    acknowledgedAt: row.acknowledgedAt?.toISOString() ?? null,
    acknowledgedDay: row.acknowledgedDay ?? null,
    resolvedAt: row.resolvedAt?.toISOString() ?? null,
    resolvedDay: row.resolvedDay ?? null,
  };
}

function fieldsOf(fact: AnomalyFact): Omit<AnomalyTimelineRow, 'anomalyId'> {
  return {
    ruleId: fact.ruleId,
    siteId: fact.siteId,
    severity: fact.severity,
    raisedAt: new Date(fact.raisedAt),
    raisedDay: fact.raisedDay,
    acknowledgedAt: fact.acknowledgedAt ? new Date(fact.acknowledgedAt) : null,
    acknowledgedDay: fact.acknowledgedDay,
    resolvedAt: fact.resolvedAt ? new Date(fact.resolvedAt) : null,
    resolvedDay: fact.resolvedDay,
  };
}

/**
 * Folds one ANOMALY event into `anomaly_timeline` (row locked while it changes). Idempotent: the same
 * event again finds nothing to change. Two instances inserting one new anomaly at once: one insert
 * fails on the primary key, its message is redelivered and then finds the row.
 */
@Injectable()
export class ProjectAnomalyTimeline {
  constructor(private readonly em: EntityManager) {}

  /** False when the event changed nothing. */
  async execute(event: AnyEvent): Promise<boolean> {
    if (!event.type.startsWith('anomaly.alert.')) return false;
    const anomalyId = (event.data as { anomalyId: string }).anomalyId;
    return this.em.fork().transactional(async (em) => {
      const row = await em.findOne(AnomalyTimelineRow, { anomalyId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      const next = evolveTimeline(row ? factOf(row) : undefined, event);
      if (!next) return false;
      if (row) Object.assign(row, fieldsOf(next));
      else em.persist(Object.assign(new AnomalyTimelineRow(), { anomalyId, ...fieldsOf(next) }));
      return true;
    });
  }
}
