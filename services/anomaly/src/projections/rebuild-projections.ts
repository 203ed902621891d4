import type { EntityManager } from '@mikro-orm/postgresql';
import type { StreamId } from '@vigie/contracts';
import { replayStream, type Bus } from '@vigie/messaging';
import { KpiDelta } from './kpi-delta';
import type { KpiProjection } from './kpi-projection';
import { writeDelta } from './kpi-store';

export interface StreamRebuild {
  stream: StreamId;
  /** Messages folded into the projection. */
  folded: number;
  /** Stored messages that break their contract: the live consumer dead-letters them, a rebuild skips them. */
  skipped: number;
  /** The checkpoint set: the last folded sequence (0 when none). */
  checkpoint: number;
}

export interface RebuildResult {
  streams: StreamRebuild[];
  rows: number;
  instances: number;
}

interface Progress extends StreamRebuild {
  lastRead: number;
}

async function fold<I>(bus: Bus, projection: KpiProjection<I>, delta: KpiDelta, progress: Progress, toSeq?: number) {
  const replay = replayStream<I>(bus, projection.stream, {
    fromSeq: progress.lastRead + 1,
    ...(toSeq !== undefined ? { toSeq } : {}),
    ...(projection.decode ? { decode: projection.decode } : {}),
  });
  for await (const item of replay) {
    progress.lastRead = item.seq;
    if (item.event === undefined) {
      progress.skipped += 1;
      continue;
    }
    projection.evolve(delta, item.event);
    progress.folded += 1;
    progress.checkpoint = item.seq;
  }
}

/**
 * Rebuilds `kpi_daily` (and the instances it knows) from sequence 1 of every projected stream with the
 * live projections' own `evolve`, so the rows are the ones the live consumers would have written.
 *
 * Safe while the service runs: the streams are first folded without any lock; then, in one
 * transaction holding the projection tables exclusively (live consumers wait), whatever the live
 * consumers committed meanwhile is folded too, the tables are replaced and the checkpoints set, so the
 * consumers resume right after what the rebuild folded.
 */
export async function rebuildProjections(
  bus: Bus,
  em: EntityManager,
  projections: readonly KpiProjection[],
): Promise<RebuildResult> {
  const delta = new KpiDelta();
  const progress = new Map<KpiProjection, Progress>();
  for (const projection of projections) {
    const p: Progress = { stream: projection.stream, folded: 0, skipped: 0, checkpoint: 0, lastRead: 0 };
    progress.set(projection, p);
    await fold(bus, projection, delta, p);
  }
  await em.fork().transactional(async (tx) => {
    await tx.execute(`lock table "kpi_daily", "projection_instance", "projection_checkpoint" in access exclusive mode`);
    const live = await tx.execute<{ stream: string; seq: string }[]>(`select "stream", "seq" from "projection_checkpoint"`);
    const liveSeq = new Map(live.map((r) => [r.stream, Number(r.seq)]));
    for (const [projection, p] of progress) {
      const committed = liveSeq.get(projection.stream) ?? 0;
      if (committed > p.lastRead) await fold(bus, projection, delta, p, committed);
    }
    await tx.execute(`truncate "kpi_daily", "projection_instance", "projection_checkpoint"`);
    await writeDelta(tx, delta);
    const checkpoints = [...progress.values()].filter((p) => p.checkpoint > 0);
    if (checkpoints.length > 0) {
      await tx.execute(
        `insert into "projection_checkpoint" ("stream", "seq") values ${checkpoints.map(() => '(?, ?)').join(', ')}`,
        checkpoints.flatMap((p) => [p.stream, p.checkpoint]),
      );
    }
  });
  return {
    streams: [...progress.values()].map(({ lastRead: _lastRead, ...s }) => s),
    rows: delta.rows().length,
    instances: delta.newInstances().length,
  };
}
