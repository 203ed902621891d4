import type { AnyEvent } from '@vigie/contracts';
import type { KpiProjection } from './kpi-projection';
import { parisDay } from './kpi';

/** Per target: runs started, succeeded, failed; `durationSumMs` over finished runs; items exported. */
export const syncKpiProjection: KpiProjection<AnyEvent> = {
  stream: 'SYNC',
  kind: 'sync',
  evolve(delta, event) {
    const at = { day: parisDay(event.occurredAt), siteId: event.siteId, kind: 'sync' as const };
    switch (event.type) {
      case 'sync.run.started':
        return delta.add({ ...at, key: event.data.target }, { runsStarted: 1 });
      case 'sync.run.succeeded':
        return delta.add(
          { ...at, key: event.data.target },
          { runsSucceeded: 1, durationSumMs: event.data.durationMs, itemCount: event.data.itemCount },
        );
      case 'sync.run.failed':
        return delta.add({ ...at, key: event.data.target }, { runsFailed: 1, durationSumMs: event.data.durationMs });
      default:
        return delta;
    }
  },
};
