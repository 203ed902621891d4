import { MikroORM } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { DURABLES, type AnyEvent, type HealthChange } from '@vigie/contracts';
import { evolveTargetState, hourOf, HOUR_MS, type TargetState } from './target-state.evolve';

/** Hourly probe counts older than this are dropped (uptime looks back 7 days). */
export const PROBE_RETENTION_MS = 8 * 24 * HOUR_MS;

interface StateRow {
  up: boolean;
  since: Date;
  last_probe_at: Date;
  latency_ms: number;
  error: string | null;
}

/**
 * Write side of the service-health projection: applies one OPS event in one transaction together
 * with the OPS sequence it reflects, so a redelivered event changes nothing.
 */
@Injectable()
export class ServiceHealthProjection {
  constructor(private readonly orm: MikroORM) {}

  /** `applied: false` when `seq` was already applied; `change` when a target went down or came back. */
  apply(event: AnyEvent, seq: number): Promise<{ applied: boolean; change?: HealthChange }> {
    return (this.orm.em.fork() as EntityManager).transactional(async (em) => {
      const advanced = await em.execute(
        `update "projection_checkpoint" set "seq" = ? where "name" = ? and "seq" < ? returning "seq"`,
        [seq, DURABLES.gatewayHealth, seq],
      );
      if (advanced.length === 0) return { applied: false };
      switch (event.type) {
        case 'ops.probe.completed':
          return { applied: true, change: await this.probe(em, event) };
        case 'ops.heartbeat.emitted':
          await em.execute(
            `insert into "service_heartbeat" ("service", "last_at", "instance_id", "version", "started_at") values (?, ?, ?, ?, ?)
             on conflict ("service") do update set "last_at" = excluded."last_at", "instance_id" = excluded."instance_id",
               "version" = excluded."version", "started_at" = excluded."started_at"
             where "service_heartbeat"."last_at" <= excluded."last_at"`,
            [event.data.service, event.occurredAt, event.data.instanceId, event.data.version, event.data.startedAt],
          );
          return { applied: true };
        default:
          return { applied: true };
      }
    });
  }

  private async probe(em: EntityManager, event: AnyEvent & { type: 'ops.probe.completed' }): Promise<HealthChange | undefined> {
    const { target, ok } = event.data;
    const hour = hourOf(event.occurredAt);
    const [bucket] = await em.execute<{ inserted: boolean }[]>(
      `insert into "probe_hourly" ("target", "hour", "ok", "failed") values (?, ?, ?, ?)
       on conflict ("target", "hour") do update set "ok" = "probe_hourly"."ok" + excluded."ok", "failed" = "probe_hourly"."failed" + excluded."failed"
       returning (xmax = 0) as "inserted"`,
      [target, hour, ok ? 1 : 0, ok ? 0 : 1],
    );
    if (bucket?.inserted) {
      await em.execute(`delete from "probe_hourly" where "hour" < ?`, [new Date(hour.getTime() - PROBE_RETENTION_MS)]);
    }
    const [row] = await em.execute<StateRow[]>(
      `select "up", "since", "last_probe_at", "latency_ms", "error" from "target_state" where "target" = ? for update`,
      [target],
    );
    const previous: TargetState | undefined = row && {
      target,
      up: row.up,
      since: new Date(row.since).toISOString(),
      lastProbeAt: new Date(row.last_probe_at).toISOString(),
      latencyMs: row.latency_ms,
      error: row.error,
    };
    const { state, change } = evolveTargetState(previous, event.data, event.occurredAt);
    if (state) {
      await em.execute(
        `insert into "target_state" ("target", "up", "since", "last_probe_at", "latency_ms", "error") values (?, ?, ?, ?, ?, ?)
         on conflict ("target") do update set "up" = excluded."up", "since" = excluded."since", "last_probe_at" = excluded."last_probe_at",
           "latency_ms" = excluded."latency_ms", "error" = excluded."error"`,
        [target, state.up, state.since, state.lastProbeAt, state.latencyMs, state.error],
      );
    }
    return change;
  }
}
