import type { AnyEvent } from '@vigie/contracts';
import type { KpiProjection } from './kpi-projection';
import { parisDay, type Counters } from './kpi';

/**
 * Per service: heartbeats, instances started (an instance id never seen before) and restarts (a new
 * instance of a service that already had one); per probed target: probes ok and failed.
 */
export const opsKpiProjection: KpiProjection<AnyEvent> = {
  stream: 'OPS',
  kind: 'ops',
  servicesToKnow(event) {
    return event.type === 'ops.heartbeat.emitted' ? [event.data.service] : [];
  },
  evolve(delta, event) {
    const at = { day: parisDay(event.occurredAt), siteId: event.siteId, kind: 'ops' as const };
    switch (event.type) {
      case 'ops.heartbeat.emitted': {
        const { service, instanceId } = event.data;
        const counters: Counters = { heartbeats: 1 };
        if (!delta.hasInstance(service, instanceId)) {
          counters.instancesStarted = 1;
          if (delta.instanceCount(service) > 0) counters.restarts = 1;
          delta.seeInstance({ service, instanceId, firstSeenAt: event.occurredAt });
        }
        return delta.add({ ...at, key: service }, counters);
      }
      case 'ops.probe.completed':
        return delta.add({ ...at, key: event.data.target }, event.data.ok ? { probesOk: 1 } : { probesFailed: 1 });
      default:
        return delta;
    }
  },
};
