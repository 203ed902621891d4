import type { EntityManager } from '@mikro-orm/postgresql';
import type { TargetConfig } from '../../config';
import type { Row } from '../../domain/csv';

export const SUMMARY_PERIOD_MS = 24 * 60 * 60 * 1000;

interface Counts {
  target: string;
  runs: number;
  succeeded: number;
  failed: number;
  last_success_at: Date | string | null;
}

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

/**
 * What a run exports when its request brings no rows: one row per configured target with its
 * finished runs of the 24 hours before `until`.
 */
export async function activitySummary(em: EntityManager, targets: readonly TargetConfig[], until: Date): Promise<Row[]> {
  const since = new Date(until.getTime() - SUMMARY_PERIOD_MS);
  const counts = await em.execute<Counts[]>(
    `select "target",
            count(*)::int as "runs",
            (count(*) filter (where "status" = 'succeeded'))::int as "succeeded",
            (count(*) filter (where "status" = 'failed'))::int as "failed",
            max("finished_at") filter (where "status" = 'succeeded') as "last_success_at"
       from "sync_run"
      where "status" <> 'running' and "started_at" >= ? and "started_at" < ?
      group by "target"`,
    [since, until],
  );
  const byTarget = new Map(counts.map((c) => [c.target, c]));
  return targets.map((t) => {
    const c = byTarget.get(t.name);
    return {
      period_start: since.toISOString(),
      period_end: until.toISOString(),
      target: t.name,
      kind: t.kind,
      site_id: t.siteId,
      runs: c?.runs ?? 0,
      succeeded: c?.succeeded ?? 0,
      failed: c?.failed ?? 0,
      last_success_at: iso(c?.last_success_at ?? null),
    };
  });
}
