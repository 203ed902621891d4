import { Inject, Injectable } from '@nestjs/common';
import { MONITOR_CONFIG, type MonitorConfig } from '../config';
import { recordProbe, unprobed, type ProbeResult, type Target, type TargetStatus } from '../domain/target-status';

/** The latest probe results, in memory: they are rebuilt by the next round after a restart. */
@Injectable()
export class TargetStatusStore {
  private readonly statuses: Map<string, TargetStatus>;

  constructor(@Inject(MONITOR_CONFIG) config: MonitorConfig) {
    this.statuses = new Map(config.MONITOR_TARGETS.map((t) => [t.name, unprobed(t)]));
  }

  targets(): Target[] {
    return this.all().map(({ name, url }) => ({ name, url }));
  }

  record(result: ProbeResult): TargetStatus {
    const current = this.statuses.get(result.target);
    if (!current) throw new Error(`unknown target ${result.target}`);
    const next = recordProbe(current, result);
    this.statuses.set(result.target, next);
    return next;
  }

  get(name: string): TargetStatus | undefined {
    return this.statuses.get(name);
  }

  all(): TargetStatus[] {
    return [...this.statuses.values()];
  }
}
