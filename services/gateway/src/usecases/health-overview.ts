import type { HealthOverview, MonitorTarget, ServiceHealth } from '@vigie/contracts';
import type { HeartbeatSeen, ProbeCounts } from '../projections/service-health.repository';
import type { TargetState } from '../projections/target-state.evolve';

export interface HealthSources {
  now: Date;
  /** The monitor's `/targets`; undefined when it did not answer. */
  targets: MonitorTarget[] | undefined;
  /** The name the monitor heartbeats under: it is up when it answered. */
  monitorService: string;
  states: TargetState[];
  heartbeats: HeartbeatSeen[];
  probes: ProbeCounts[];
}

const ratio = (ok: number, failed: number): number | null => (ok + failed === 0 ? null : ok / (ok + failed));

/**
 * Pure: one line per service — the monitor's targets first in its order, then the monitor itself and
 * every other service seen in probes or heartbeats, by name. The current state is the monitor's (the
 * monitor is up when it answered); without it, the last probe event the gateway projected.
 */
export function healthOverview(sources: HealthSources): HealthOverview {
  const { targets, now } = sources;
  const byTarget = new Map(targets?.map((t) => [t.name, t]));
  const states = new Map(sources.states.map((s) => [s.target, s]));
  const heartbeats = new Map(sources.heartbeats.map((h) => [h.service, h]));
  const probes = new Map(sources.probes.map((p) => [p.target, p]));
  const others = [...new Set([sources.monitorService, ...states.keys(), ...heartbeats.keys(), ...probes.keys()])]
    .filter((name) => !byTarget.has(name))
    .sort();
  const names = [...(targets?.map((t) => t.name) ?? []), ...others];

  const services = names.map((name): ServiceHealth => {
    const target = byTarget.get(name);
    const state = states.get(name);
    const heartbeat = heartbeats.get(name);
    const counts = probes.get(name);
    const current =
      target !== undefined
        ? {
            up: target.up,
            lastCheckedAt: target.lastCheckedAt,
            latencyMs: target.lastLatencyMs,
            lastError: target.lastError,
            consecutiveFailures: target.consecutiveFailures,
            failingSince: target.failingSince,
          }
        : name === sources.monitorService
          ? {
              up: targets !== undefined,
              lastCheckedAt: now.toISOString(),
              latencyMs: null,
              lastError: targets === undefined ? 'no answer from the monitor' : null,
              consecutiveFailures: 0,
              failingSince: null,
            }
          : {
              up: state?.up ?? null,
              lastCheckedAt: state?.lastProbeAt ?? null,
              latencyMs: state?.latencyMs ?? null,
              lastError: state?.error ?? null,
              consecutiveFailures: 0,
              failingSince: state && !state.up ? state.since : null,
            };
    return {
      name,
      ...current,
      lastHeartbeatAt: heartbeat?.lastAt ?? null,
      version: heartbeat?.version ?? null,
      uptime24h: counts ? ratio(counts.ok24h, counts.failed24h) : null,
      uptime7d: counts ? ratio(counts.ok7d, counts.failed7d) : null,
      probes24h: counts ? counts.ok24h + counts.failed24h : 0,
      probes7d: counts ? counts.ok7d + counts.failed7d : 0,
    };
  });
  return { generatedAt: now.toISOString(), monitorAvailable: targets !== undefined, services };
}
