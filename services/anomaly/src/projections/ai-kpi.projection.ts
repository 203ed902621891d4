import type { AnyEvent } from '@vigie/contracts';
import type { KpiProjection } from './kpi-projection';
import { latencyBucket, LOW_CONFIDENCE_BELOW, parisDay, type Counters } from './kpi';

/**
 * Per model: classifications, failures, corrections, low-confidence ones, and the latency of every
 * attempt (a failure took time too, often a timeout) as a sum and a fixed-bucket histogram.
 */
export const aiKpiProjection: KpiProjection<AnyEvent> = {
  stream: 'AI',
  kind: 'ai',
  evolve(delta, event) {
    const at = { day: parisDay(event.occurredAt), siteId: event.siteId, kind: 'ai' as const };
    switch (event.type) {
      case 'ai.classification.completed': {
        const counters: Counters = {
          classifications: 1,
          latencyCount: 1,
          latencySumMs: event.data.latencyMs,
          [latencyBucket(event.data.latencyMs)]: 1,
        };
        if (event.data.confidence < LOW_CONFIDENCE_BELOW) counters.lowConfidence = 1;
        return delta.add({ ...at, key: event.data.model }, counters);
      }
      case 'ai.classification.failed':
        return delta.add(
          { ...at, key: event.data.model },
          { failures: 1, latencyCount: 1, latencySumMs: event.data.latencyMs, [latencyBucket(event.data.latencyMs)]: 1 },
        );
      case 'ai.classification.corrected':
        return delta.add({ ...at, key: event.data.model }, { corrections: 1 });
      default:
        return delta;
    }
  },
};
