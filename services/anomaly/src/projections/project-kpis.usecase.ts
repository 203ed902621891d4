import { LockMode } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { KpiDelta } from './kpi-delta';
import type { KpiProjection } from './kpi-projection';
import { knownInstances, writeDelta } from './kpi-store';
import { ProjectionCheckpointRow } from './projection-checkpoint.entity';

/**
 * Folds one stored message into `kpi_daily` and moves the stream's projection checkpoint in ONE
 * transaction; a message at or below the checkpoint (a redelivery) changes nothing.
 */
@Injectable()
export class ProjectKpis {
  constructor(private readonly em: EntityManager) {}

  /** False when the message was already folded. */
  async execute<I>(projection: KpiProjection<I>, seq: number, input: I): Promise<boolean> {
    return this.em.fork().transactional(async (em) => {
      const checkpoint = await em.findOne(
        ProjectionCheckpointRow,
        { stream: projection.stream },
        { lockMode: LockMode.PESSIMISTIC_WRITE },
      );
      if (checkpoint && checkpoint.seq >= seq) return false;
      const delta = new KpiDelta();
      for (const service of projection.servicesToKnow?.(input) ?? []) {
        delta.knowInstances(service, await knownInstances(em, service));
      }
      await writeDelta(em, projection.evolve(delta, input));
      if (checkpoint) checkpoint.seq = seq;
      else em.persist(Object.assign(new ProjectionCheckpointRow(), { stream: projection.stream, seq }));
      return true;
    });
  }
}
