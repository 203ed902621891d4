import type { AnyEvent, HealthChange } from '@vigie/contracts';
import { evolveTargetState, hourOf, type TargetState } from './target-state.evolve';

export interface HeartbeatRow {
  service: string;
  lastAt: string;
  instanceId: string;
  version: string;
  startedAt: string;
}

/** What a batch of OPS events changes in the service-health projection. */
export interface ServiceHealthDelta {
  /** Probe counts to add, per `target` and UTC hour (ISO). */
  hourly: Map<string, { target: string; hour: string; ok: number; failed: number }>;
  /** The latest heartbeat of each service seen in the batch (by event time). */
  heartbeats: Map<string, HeartbeatRow>;
  /** The new state of each target probed in the batch. */
  states: Map<string, TargetState>;
  /** Down / back up, in stream order. */
  changes: HealthChange[];
}

/**
 * Pure: folds OPS events, in stream order, over the current states of the targets they probe. The
 * same events over the same states always give the same delta.
 */
export function foldOpsEvents(current: ReadonlyMap<string, TargetState>, events: readonly AnyEvent[]): ServiceHealthDelta {
  const delta: ServiceHealthDelta = { hourly: new Map(), heartbeats: new Map(), states: new Map(), changes: [] };
  for (const event of events) {
    if (event.type === 'ops.probe.completed') {
      const { target, ok } = event.data;
      const hour = hourOf(event.occurredAt).toISOString();
      const key = `${target}\u0000${hour}`;
      const bucket = delta.hourly.get(key) ?? { target, hour, ok: 0, failed: 0 };
      if (ok) bucket.ok++;
      else bucket.failed++;
      delta.hourly.set(key, bucket);
      const { state, change } = evolveTargetState(delta.states.get(target) ?? current.get(target), event.data, event.occurredAt);
      if (state) delta.states.set(target, state);
      if (change) delta.changes.push(change);
    } else if (event.type === 'ops.heartbeat.emitted') {
      const { service, instanceId, version, startedAt } = event.data;
      const seen = delta.heartbeats.get(service);
      if (!seen || Date.parse(seen.lastAt) <= Date.parse(event.occurredAt)) {
        delta.heartbeats.set(service, { service, lastAt: event.occurredAt, instanceId, version, startedAt });
      }
    }
  }
  return delta;
}
