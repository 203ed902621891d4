import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { KpiDelta } from './kpi-delta';
import type { KpiProjection } from './kpi-projection';
import { knownInstances, writeDelta } from './kpi-store';

export interface ProjectedMessage<I> {
  seq: number;
  input: I;
}

/**
 * Folds stored messages into `kpi_daily` and moves the stream's projection checkpoint in ONE
 * transaction; a message at or below the checkpoint (a redelivery) changes nothing. A batch is folded
 * into one delta, as a rebuild folds a whole stream: one upsert per row touched.
 */
@Injectable()
export class ProjectKpis {
  constructor(private readonly em: EntityManager) {}

  /** False when the message was already folded. */
  async execute<I>(projection: KpiProjection<I>, seq: number, input: I): Promise<boolean> {
    return (await this.executeBatch(projection, [{ seq, input }])) === 1;
  }

  /** Messages of the projection's stream, in stream order; returns how many were folded. */
  async executeBatch<I>(projection: KpiProjection<I>, messages: readonly ProjectedMessage<I>[]): Promise<number> {
    if (messages.length === 0) return 0;
    return this.em.fork().transactional(async (em) => {
      const [checkpoint] = await em.execute<{ seq: string }[]>(
        `select "seq" from "projection_checkpoint" where "stream" = ? for update`,
        [projection.stream],
      );
      let last = checkpoint ? Number(checkpoint.seq) : 0;
      const fresh: ProjectedMessage<I>[] = [];
      for (const m of messages) {
        if (m.seq <= last) continue;
        fresh.push(m);
        last = m.seq;
      }
      if (fresh.length === 0) return 0;
      const delta = new KpiDelta();
      const services = new Set(fresh.flatMap((m) => projection.servicesToKnow?.(m.input) ?? []));
      for (const service of [...services].sort()) delta.knowInstances(service, await knownInstances(em, service));
      for (const m of fresh) projection.evolve(delta, m.input);
      await writeDelta(em, delta);
      await em.execute(
        `insert into "projection_checkpoint" ("stream", "seq") values (?, ?) on conflict ("stream") do update set "seq" = excluded."seq"`,
        [projection.stream, last],
      );
      return fresh.length;
    });
  }
}
