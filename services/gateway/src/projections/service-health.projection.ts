import { MikroORM } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { DURABLES, type AnyEvent, type HealthChange } from '@vigie/contracts';
import { foldOpsEvents } from './service-health.fold';
import { HOUR_MS, type TargetState } from './target-state.evolve';

/** Hourly probe counts older than this are dropped (uptime looks back 7 days). */
export const PROBE_RETENTION_MS = 8 * 24 * HOUR_MS;

export interface SequencedEvent {
  seq: number;
  event: AnyEvent;
}

interface StateRow {
  target: string;
  up: boolean;
  since: Date;
  last_probe_at: Date;
  latency_ms: number;
  error: string | null;
}

/**
 * Write side of the service-health projection: applies a batch of OPS events in one transaction
 * together with the OPS sequence it reflects, so a redelivered event (or batch) changes nothing.
 */
@Injectable()
export class ServiceHealthProjection {
  constructor(private readonly orm: MikroORM) {}

  /** `applied`: how many events were new; `changes`: targets that went down or came back, in order. */
  apply(batch: readonly SequencedEvent[]): Promise<{ applied: number; changes: HealthChange[] }> {
    return (this.orm.em.fork() as EntityManager).transactional(async (em) => {
      const [checkpoint] = await em.execute<{ seq: string }[]>(
        `select "seq" from "projection_checkpoint" where "name" = ? for update`,
        [DURABLES.gatewayHealth],
      );
      const after = Number(checkpoint?.seq ?? 0);
      const fresh = batch.filter((item) => item.seq > after).sort((a, b) => a.seq - b.seq);
      if (fresh.length === 0) return { applied: 0, changes: [] };

      const probed = [...new Set(fresh.flatMap(({ event }) => (event.type === 'ops.probe.completed' ? [event.data.target] : [])))];
      const rows = probed.length
        ? await em.execute<StateRow[]>(
            `select "target", "up", "since", "last_probe_at", "latency_ms", "error" from "target_state"
             where "target" in (${probed.map(() => '?').join(', ')}) for update`,
            probed,
          )
        : [];
      const current = new Map<string, TargetState>(
        rows.map((r) => [
          r.target,
          {
            target: r.target,
            up: r.up,
            since: new Date(r.since).toISOString(),
            lastProbeAt: new Date(r.last_probe_at).toISOString(),
            latencyMs: r.latency_ms,
            error: r.error,
          },
        ]),
      );
      const delta = foldOpsEvents(current, fresh.map((item) => item.event));

      let newestHour = 0;
      for (const { target, hour, ok, failed } of delta.hourly.values()) {
        await em.execute(
          `insert into "probe_hourly" ("target", "hour", "ok", "failed") values (?, ?, ?, ?)
           on conflict ("target", "hour") do update set "ok" = "probe_hourly"."ok" + excluded."ok", "failed" = "probe_hourly"."failed" + excluded."failed"`,
          [target, hour, ok, failed],
        );
        newestHour = Math.max(newestHour, Date.parse(hour));
      }
      if (newestHour > 0) await em.execute(`delete from "probe_hourly" where "hour" < ?`, [new Date(newestHour - PROBE_RETENTION_MS)]);
      for (const s of delta.states.values()) {
        await em.execute(
          `insert into "target_state" ("target", "up", "since", "last_probe_at", "latency_ms", "error") values (?, ?, ?, ?, ?, ?)
           on conflict ("target") do update set "up" = excluded."up", "since" = excluded."since", "last_probe_at" = excluded."last_probe_at",
             "latency_ms" = excluded."latency_ms", "error" = excluded."error"`,
          [s.target, s.up, s.since, s.lastProbeAt, s.latencyMs, s.error],
        );
      }
      for (const h of delta.heartbeats.values()) {
        await em.execute(
          `insert into "service_heartbeat" ("service", "last_at", "instance_id", "version", "started_at") values (?, ?, ?, ?, ?)
           on conflict ("service") do update set "last_at" = excluded."last_at", "instance_id" = excluded."instance_id",
             "version" = excluded."version", "started_at" = excluded."started_at"
           where "service_heartbeat"."last_at" <= excluded."last_at"`,
          [h.service, h.lastAt, h.instanceId, h.version, h.startedAt],
        );
      }
      await em.execute(`update "projection_checkpoint" set "seq" = ? where "name" = ?`, [fresh[fresh.length - 1].seq, DURABLES.gatewayHealth]);
      return { applied: fresh.length, changes: delta.changes };
    });
  }
}
