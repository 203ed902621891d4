import type { AnyEvent } from '@vigie/contracts';
import type { KpiProjection } from './kpi-projection';
import { parisDay, type Counters } from './kpi';

/**
 * Per service: heartbeats, instances started (an instance id never seen before) and restarts (a new
 * instance of a service that already had one); per probed target: probes ok and failed. Per stream
 * (kind `stream`): its sampled size and limits, summed with the number of samples so that a day's
 * average is exact however the samples are batched.
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
      case 'ops.stream.sampled': {
        const { stream, messages, bytes, maxMessages, maxBytes } = event.data;
        const counters: Counters = { samples: 1, messagesSum: messages, bytesSum: bytes };
        if (maxBytes > 0) Object.assign(counters, { bytesLimited: 1, maxBytesSum: maxBytes });
        if (maxMessages > 0) Object.assign(counters, { messagesLimited: 1, maxMessagesSum: maxMessages });
        return delta.add({ ...at, kind: 'stream', key: stream }, counters);
      }
      default:
        return delta;
    }
  },
};
