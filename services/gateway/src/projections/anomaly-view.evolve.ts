import type { AnomalyEventType, AnomalyStatus, AnomalyView, Envelope } from '@vigie/contracts';

/** The projection row: the DTO plus the type of the last event applied (a replayed push needs it). */
export interface ProjectedAnomaly extends AnomalyView {
  lastEventType: AnomalyEventType;
}

function nextStatus(current: AnomalyStatus | undefined, type: AnomalyEventType): AnomalyStatus {
  switch (type) {
    case 'anomaly.alert.raised':
      return 'open';
    case 'anomaly.alert.resolved':
      return 'resolved';
    case 'anomaly.alert.updated':
      return current ?? 'open';
    // Resolution is final for the dashboard: a late acknowledgement or silence does not reopen it.
    case 'anomaly.alert.acknowledged':
      return current === 'resolved' ? 'resolved' : 'acknowledged';
    case 'anomaly.alert.silenced':
      return current === 'resolved' ? 'resolved' : 'silenced';
  }
}

/**
 * Pure: the view after applying the ANOMALY event stored at `seq`, or `undefined` when the view already
 * reflects that sequence or a later one (redelivery, replay), so applying twice changes nothing.
 */
export function evolveAnomalyView(
  current: ProjectedAnomaly | undefined,
  event: Envelope<AnomalyEventType>,
  seq: number,
): ProjectedAnomaly | undefined {
  if (current && seq <= current.seq) return undefined;
  const d = event.data;
  const count = d.count ?? (current ? current.count + (event.type === 'anomaly.alert.updated' ? 1 : 0) : 1);
  return {
    anomalyId: d.anomalyId,
    ruleId: d.ruleId,
    ruleVersion: d.ruleVersion,
    severity: d.severity,
    status: nextStatus(current?.status, event.type),
    siteId: event.siteId,
    key: d.key,
    title: d.title,
    summary: d.summary,
    evidence: d.evidence,
    details: d.details,
    count,
    raisedAt: current?.raisedAt ?? d.firstSeenAt ?? event.occurredAt,
    updatedAt: event.occurredAt,
    seq,
    lastEventType: event.type,
  };
}

/** The DTO sent over REST and Socket.IO. */
export function toAnomalyView({ lastEventType: _type, ...view }: ProjectedAnomaly): AnomalyView {
  return view;
}
