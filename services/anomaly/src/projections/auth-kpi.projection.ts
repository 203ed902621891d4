import type { AnyEvent } from '@vigie/contracts';
import type { KpiProjection } from './kpi-projection';
import { parisDay } from './kpi';

/** Per login channel (web, telegram): never per principal, which stays out of aggregates. */
export const authKpiProjection: KpiProjection<AnyEvent> = {
  stream: 'AUTH',
  kind: 'auth',
  evolve(delta, event) {
    const at = { day: parisDay(event.occurredAt), siteId: event.siteId, kind: 'auth' as const };
    switch (event.type) {
      case 'auth.login.succeeded':
        return delta.add({ ...at, key: event.data.channel }, { loginsSucceeded: 1 });
      case 'auth.login.failed':
        return delta.add({ ...at, key: event.data.channel }, { loginsFailed: 1 });
      default:
        return delta;
    }
  },
};
