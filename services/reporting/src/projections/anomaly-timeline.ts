import type { AnyEvent } from '@vigie/contracts';
import { localDay } from '../domain/iso-week';
import type { AnomalyFact } from '../domain/kpi';

/** Days are Europe/Paris calendar days, as in the anomaly service's `kpi_daily`. */
export const PROJECTION_TIME_ZONE = 'Europe/Paris';

function at(iso: string): { at: string; day: string } {
  const d = new Date(iso);
  return { at: d.toISOString(), day: localDay(d, PROJECTION_TIME_ZONE) };
}

function earliest(current: string | null, candidate: string): string {
  return current !== null && Date.parse(current) <= Date.parse(candidate) ? current : candidate;
}

/**
 * Pure: folds one ANOMALY event into what is known of its anomaly. Raised: when and how severe (the
 * raise is authoritative); acknowledged: the first acknowledgement; resolved: the first resolution.
 * Every lifecycle event carries `firstSeenAt`, so an anomaly met first by a later event still gets
 * its raise time. Returns undefined when nothing changes, so a redelivery writes nothing.
 */
export function evolveTimeline(current: AnomalyFact | undefined, event: AnyEvent): AnomalyFact | undefined {
  if (!event.type.startsWith('anomaly.alert.')) return undefined;
  const data = (event as Extract<AnyEvent, { type: 'anomaly.alert.raised' }>).data;
  const raised = at(data.firstSeenAt ?? event.occurredAt);
  const base: AnomalyFact = current ?? {
    anomalyId: data.anomalyId,
    ruleId: data.ruleId,
    siteId: event.siteId,
    severity: data.severity,
    raisedAt: raised.at,
    raisedDay: raised.day,
    acknowledgedAt: null,
    acknowledgedDay: null,
    resolvedAt: null,
    resolvedDay: null,
  };
  let next: AnomalyFact = base;
  switch (event.type) {
    case 'anomaly.alert.raised':
      next = { ...base, ruleId: data.ruleId, siteId: event.siteId, severity: data.severity, raisedAt: raised.at, raisedDay: raised.day };
      break;
    case 'anomaly.alert.acknowledged': {
      const first = at(earliest(base.acknowledgedAt, at(event.occurredAt).at));
      next = { ...base, acknowledgedAt: first.at, acknowledgedDay: first.day };
      break;
    }
    case 'anomaly.alert.resolved': {
      const first = at(earliest(base.resolvedAt, at(data.resolvedAt ?? event.occurredAt).at));
      next = { ...base, resolvedAt: first.at, resolvedDay: first.day };
      break;
    }
    default:
      break;
  }
  return current && JSON.stringify(current) === JSON.stringify(next) ? undefined : next;
}
