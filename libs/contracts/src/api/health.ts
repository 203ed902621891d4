import { z } from 'zod';
import { IsoDateTime } from '../events/common';
import { ApiToken } from './common';

/** One probed target as the monitor's `GET /targets` describes it. */
export const MonitorTarget = z.object({
  name: ApiToken,
  up: z.boolean().nullable(),
  lastStatus: z.number().int().nullable(),
  lastLatencyMs: z.number().nonnegative().nullable(),
  lastError: z.string().max(2000).nullable(),
  lastCheckedAt: IsoDateTime.nullable(),
  consecutiveFailures: z.number().int().nonnegative(),
  failingSince: IsoDateTime.nullable(),
});
export type MonitorTarget = z.infer<typeof MonitorTarget>;
export const MonitorTargetsReply = z.object({ items: z.array(MonitorTarget) });

export const ServiceHealth = z.object({
  name: ApiToken,
  /** The latest probe of its `/health/ready` (null: never probed). */
  up: z.boolean().nullable(),
  lastCheckedAt: IsoDateTime.nullable(),
  latencyMs: z.number().nonnegative().nullable(),
  lastError: z.string().nullable(),
  consecutiveFailures: z.number().int().nonnegative(),
  failingSince: IsoDateTime.nullable(),
  /** Event time of its last `ops.heartbeat.emitted` (null: none seen). */
  lastHeartbeatAt: IsoDateTime.nullable(),
  version: z.string().nullable(),
  /** Good probes / probes over the last 24 h and 7 days (hourly buckets); null without probes. */
  uptime24h: z.number().min(0).max(1).nullable(),
  uptime7d: z.number().min(0).max(1).nullable(),
  probes24h: z.number().int().nonnegative(),
  probes7d: z.number().int().nonnegative(),
});
export type ServiceHealth = z.infer<typeof ServiceHealth>;

/** `GET /api/health`. */
export const HealthOverview = z.object({
  generatedAt: IsoDateTime,
  /**
   * False when the monitor did not answer: `up`, `latencyMs` and `lastCheckedAt` then come from the
   * last probe events the gateway has seen, and `consecutiveFailures`/`lastError` are unknown (0/null).
   */
  monitorAvailable: z.boolean(),
  services: z.array(ServiceHealth),
});
export type HealthOverview = z.infer<typeof HealthOverview>;

/** Pushed on the live feed (`health`) when a probed service goes down or comes back. */
export interface HealthChange {
  service: string;
  up: boolean;
  /** Event time of the probe that changed it. */
  at: string;
  latencyMs: number;
  error: string | null;
}
