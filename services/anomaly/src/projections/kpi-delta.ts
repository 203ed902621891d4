import { addCounters, type Counters, type KpiRow, type RowKey } from './kpi';

export interface InstanceSeen {
  service: string;
  instanceId: string;
  /** `occurredAt` of the first heartbeat that carried it. */
  firstSeenAt: string;
}

function rowId(k: RowKey): string {
  return `${k.day}|${k.siteId}|${k.kind}|${k.key}`;
}

/**
 * What a run of events adds to the KPI projection: counters per row, and the service instances they
 * revealed. The live consumer folds one event into an empty delta; a rebuild folds a whole stream.
 * `knowInstances` tells it which instances the store already holds, so a restart is told from a
 * heartbeat of a known instance.
 */
export class KpiDelta {
  private readonly rowsById = new Map<string, KpiRow>();
  private readonly instances = new Map<string, Set<string>>();
  private readonly seen: InstanceSeen[] = [];

  add(at: RowKey, counters: Readonly<Counters>): this {
    const id = rowId(at);
    let row = this.rowsById.get(id);
    if (!row) {
      row = { day: at.day, siteId: at.siteId, kind: at.kind, key: at.key, counters: {} };
      this.rowsById.set(id, row);
    }
    addCounters(row.counters, counters);
    return this;
  }

  /** Rows in primary-key order, so writes (and their lock order) do not depend on arrival order. */
  rows(): KpiRow[] {
    return [...this.rowsById.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, row]) => row);
  }

  knowInstances(service: string, instanceIds: Iterable<string>): this {
    const set = this.instancesOf(service);
    for (const id of instanceIds) set.add(id);
    return this;
  }

  hasInstance(service: string, instanceId: string): boolean {
    return this.instances.get(service)?.has(instanceId) ?? false;
  }

  instanceCount(service: string): number {
    return this.instances.get(service)?.size ?? 0;
  }

  seeInstance(instance: InstanceSeen): this {
    this.instancesOf(instance.service).add(instance.instanceId);
    this.seen.push(instance);
    return this;
  }

  /** Instances first seen in this delta, in the order they were seen. */
  newInstances(): readonly InstanceSeen[] {
    return this.seen;
  }

  private instancesOf(service: string): Set<string> {
    let set = this.instances.get(service);
    if (!set) {
      set = new Set();
      this.instances.set(service, set);
    }
    return set;
  }
}
