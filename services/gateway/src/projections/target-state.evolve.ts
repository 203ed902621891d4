import type { HealthChange, OpsProbeCompleted } from '@vigie/contracts';

/** What the gateway remembers of one probed target: its latest probe, and since when it is up or down. */
export interface TargetState {
  target: string;
  up: boolean;
  since: string;
  lastProbeAt: string;
  latencyMs: number;
  error: string | null;
}

export const HOUR_MS = 3_600_000;

/** The UTC hour an instant falls in (the bucket of `probe_hourly`). */
export function hourOf(at: string | Date): Date {
  const ms = typeof at === 'string' ? Date.parse(at) : at.getTime();
  return new Date(Math.floor(ms / HOUR_MS) * HOUR_MS);
}

/**
 * Pure: the state after one probe, and the change to push when the target went down or came back.
 * A probe older than the latest one seen (events are in stream order, event times nearly so) only
 * counts towards uptime: it never turns the state back.
 */
export function evolveTargetState(
  previous: TargetState | undefined,
  probe: OpsProbeCompleted,
  occurredAt: string,
): { state: TargetState | undefined; change: HealthChange | undefined } {
  if (previous && Date.parse(occurredAt) < Date.parse(previous.lastProbeAt)) return { state: undefined, change: undefined };
  const flipped = previous === undefined || previous.up !== probe.ok;
  const state: TargetState = {
    target: probe.target,
    up: probe.ok,
    since: flipped ? occurredAt : previous.since,
    lastProbeAt: occurredAt,
    latencyMs: probe.latencyMs,
    error: probe.ok ? null : (probe.error ?? null),
  };
  const change: HealthChange | undefined = flipped
    ? { service: probe.target, up: probe.ok, at: occurredAt, latencyMs: probe.latencyMs, error: state.error }
    : undefined;
  return { state, change };
}
