import { MikroORM } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { hourOf, HOUR_MS, type TargetState } from './target-state.evolve';

export interface HeartbeatSeen {
  service: string;
  /** Event time of its last heartbeat. */
  lastAt: string;
  version: string;
}

export interface ProbeCounts {
  target: string;
  ok24h: number;
  failed24h: number;
  ok7d: number;
  failed7d: number;
}

/** Read side of the service-health projection. */
@Injectable()
export class ServiceHealthRepository {
  constructor(private readonly orm: MikroORM) {}

  private em(): EntityManager {
    return this.orm.em.fork() as EntityManager;
  }

  /** Probe counts of the last 24 and 168 hourly buckets, the current (partial) hour included. */
  async probeCounts(now: Date): Promise<ProbeCounts[]> {
    const current = hourOf(now).getTime();
    const since24h = new Date(current - 23 * HOUR_MS);
    const since7d = new Date(current - 167 * HOUR_MS);
    const rows = await this.em().execute<{ target: string; ok24h: string; failed24h: string; ok7d: string; failed7d: string }[]>(
      `select "target",
         coalesce(sum("ok") filter (where "hour" >= ?), 0) as "ok24h",
         coalesce(sum("failed") filter (where "hour" >= ?), 0) as "failed24h",
         sum("ok") as "ok7d", sum("failed") as "failed7d"
       from "probe_hourly" where "hour" >= ? group by "target"`,
      [since24h, since24h, since7d],
    );
    return rows.map((r) => ({
      target: r.target,
      ok24h: Number(r.ok24h),
      failed24h: Number(r.failed24h),
      ok7d: Number(r.ok7d),
      failed7d: Number(r.failed7d),
    }));
  }

  async heartbeats(): Promise<HeartbeatSeen[]> {
    const rows = await this.em().execute<{ service: string; last_at: Date; version: string }[]>(
      `select "service", "last_at", "version" from "service_heartbeat"`,
    );
    return rows.map((r) => ({ service: r.service, lastAt: new Date(r.last_at).toISOString(), version: r.version }));
  }

  async targetStates(): Promise<TargetState[]> {
    const rows = await this.em().execute<
      { target: string; up: boolean; since: Date; last_probe_at: Date; latency_ms: number; error: string | null }[]
    >(`select "target", "up", "since", "last_probe_at", "latency_ms", "error" from "target_state"`);
    return rows.map((r) => ({
      target: r.target,
      up: r.up,
      since: new Date(r.since).toISOString(),
      lastProbeAt: new Date(r.last_probe_at).toISOString(),
      latencyMs: r.latency_ms,
      error: r.error,
    }));
  }
}
