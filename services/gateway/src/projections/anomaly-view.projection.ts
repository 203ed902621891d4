import { LockMode, MikroORM } from '@mikro-orm/core';
import { Injectable } from '@nestjs/common';
import type { AnomalyEventType, Envelope } from '@vigie/contracts';
import { AnomalyViewRow } from './anomaly-view.entity';
import { evolveAnomalyView, type ProjectedAnomaly } from './anomaly-view.evolve';

/** Write side of `anomaly_view`: applies one ANOMALY event in its own transaction. */
@Injectable()
export class AnomalyViewProjection {
  constructor(private readonly orm: MikroORM) {}

  /** The committed view, or `undefined` when the row already reflects `seq` (nothing written). */
  apply(event: Envelope<AnomalyEventType>, seq: number): Promise<ProjectedAnomaly | undefined> {
    return this.orm.em.fork().transactional(async (em) => {
      const row = await em.findOne(
        AnomalyViewRow,
        { anomalyId: event.data.anomalyId },
        { lockMode: LockMode.PESSIMISTIC_WRITE },
      );
      const next = evolveAnomalyView(row?.toProjected(), event, seq);
      if (!next) return undefined;
      if (row) {
        em.assign(row, AnomalyViewRow.fromProjected(next, row.firstSeq));
      } else {
        em.persist(AnomalyViewRow.fromProjected(next, seq));
      }
      return next;
    });
  }
}
