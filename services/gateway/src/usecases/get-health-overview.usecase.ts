import { Injectable } from '@nestjs/common';
import type { HealthOverview, MonitorTarget } from '@vigie/contracts';
import { DomainError } from '@vigie/health';
import { MonitorClient } from '../upstream/monitor.client';
import { healthOverview } from './health-overview';
import { ServiceHealthRepository } from '../projections/service-health.repository';

const MONITOR_SERVICE = 'monitor';

/**
 * Every service's health: the monitor's latest probes, with uptime and heartbeats from the gateway's
 * own projection of OPS. The monitor being down is part of the answer, not a failure of it.
 */
@Injectable()
export class GetHealthOverview {
  constructor(
    private readonly monitor: MonitorClient,
    private readonly projection: ServiceHealthRepository,
  ) {}

  async execute(now = new Date()): Promise<HealthOverview> {
    const [targets, states, heartbeats, probes] = await Promise.all([
      this.monitor.targets().catch((e: unknown): MonitorTarget[] | undefined => {
        if (e instanceof DomainError && e.code === 'upstream.unavailable') return undefined;
        throw e;
      }),
      this.projection.targetStates(),
      this.projection.heartbeats(),
      this.projection.probeCounts(now),
    ]);
    return healthOverview({ now, targets, monitorService: MONITOR_SERVICE, states, heartbeats, probes });
  }
}
