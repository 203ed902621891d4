import type { EntityManager } from '@mikro-orm/postgresql';
import type { KpiDelta } from './kpi-delta';

/** Rows per insert statement: keeps a rebuild's statements well under Postgres' 65 535 parameters. */
const CHUNK = 500;

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

/** Adds a delta to the store inside the caller's transaction (pass the transactional `em`). */
export async function writeDelta(em: EntityManager, delta: KpiDelta): Promise<void> {
  for (const rows of chunks(delta.rows())) {
    await em.execute(
      `insert into "kpi_daily" ("day", "site_id", "kind", "key", "counters") values ` +
        rows.map(() => '(?, ?, ?, ?, ?::jsonb)').join(', ') +
        ` on conflict ("day", "site_id", "kind", "key") do update set "counters" = kpi_add("kpi_daily"."counters", excluded."counters")`,
      rows.flatMap((r) => [r.day, r.siteId, r.kind, r.key, JSON.stringify(r.counters)]),
    );
  }
  for (const seen of chunks(delta.newInstances())) {
    await em.execute(
      `insert into "projection_instance" ("service", "instance_id", "first_seen_at") values ` +
        seen.map(() => '(?, ?, ?)').join(', ') +
        ` on conflict do nothing`,
      seen.flatMap((s) => [s.service, s.instanceId, s.firstSeenAt]),
    );
  }
}

export async function knownInstances(em: EntityManager, service: string): Promise<string[]> {
  const rows = await em.execute<{ instance_id: string }[]>(
    `select "instance_id" from "projection_instance" where "service" = ?`,
    [service],
  );
  return rows.map((r) => r.instance_id);
}
