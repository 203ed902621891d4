import { SEVERITY_RANK, type AnomalyAlert, type AnomalyEventType, type Severity } from '@vigie/contracts';
import type { DetectorEvent, Signal } from '../detectors/detector';
import type { RuleConfig } from '../rules/rule-config';
import { anomalyIdFor, deterministicEventId } from './ids';

export type AnomalyStatus = 'open' | 'acknowledged' | 'silenced' | 'resolved';

/** The decider's view of one anomaly (the projection row holds the same fields). */
export interface AnomalyState {
  anomalyId: string;
  ruleId: string;
  ruleVersion: number;
  siteId: string;
  key: string;
  severity: Severity;
  status: AnomalyStatus;
  title: string;
  summary: string;
  details: Record<string, unknown>;
  evidence: AnomalyAlert['evidence'];
  count: number;
  firstSeenAt: string;
  lastSeenAt: string;
  /** Raised and resolved too often: flaps are folded into it (see flapping.ts). */
  flapping: boolean;
}

export interface Transition {
  eventId: string;
  type: AnomalyEventType;
  occurredAt: string;
  siteId: string;
  causationId: string;
  data: AnomalyAlert;
  state: AnomalyState;
}

const MAX_EVIDENCE = 20;

/**
 * Pure: given the open anomaly of (rule, key) if any, a detector signal and the event that caused
 * it, returns the lifecycle transition to record (or none). Event time only, never the wall clock.
 */
export function decide(
  open: AnomalyState | undefined,
  signal: Signal,
  rule: RuleConfig,
  cause: DetectorEvent,
): Transition | undefined {
  const at = cause.occurredAt;
  if (signal.kind === 'resolve') {
    if (!open) return undefined;
    const state: AnomalyState = { ...open, status: 'resolved', lastSeenAt: at };
    return transition('anomaly.alert.resolved', state, cause, {
      resolvedAt: at,
      durationMs: Math.max(0, Date.parse(at) - Date.parse(open.firstSeenAt)),
    });
  }
  if (!open) {
    const anomalyId = anomalyIdFor(rule.ruleId, signal.key, signal.evidence[0]?.eventId ?? cause.id);
    const state: AnomalyState = {
      anomalyId,
      ruleId: rule.ruleId,
      ruleVersion: rule.version,
      siteId: signal.siteId ?? cause.siteId,
      key: signal.key,
      severity: signal.severity,
      status: 'open',
      title: signal.title,
      summary: signal.summary,
      details: signal.details,
      evidence: signal.evidence.slice(0, MAX_EVIDENCE),
      count: 1,
      firstSeenAt: at,
      lastSeenAt: at,
      flapping: false,
    };
    return transition('anomaly.alert.raised', state, cause, {});
  }
  const known = new Set(open.evidence.map((e) => e.eventId));
  if (signal.evidence.every((e) => known.has(e.eventId))) return undefined;
  const severity = SEVERITY_RANK[signal.severity] > SEVERITY_RANK[open.severity] ? signal.severity : open.severity;
  const state: AnomalyState = {
    ...open,
    severity,
    title: signal.title,
    summary: signal.summary,
    details: signal.details,
    evidence: [...open.evidence, ...signal.evidence.filter((e) => !known.has(e.eventId))].slice(-MAX_EVIDENCE),
    count: open.count + 1,
    lastSeenAt: at,
  };
  return transition('anomaly.alert.updated', state, cause, {});
}

export function transition(
  type: AnomalyEventType,
  state: AnomalyState,
  cause: DetectorEvent,
  extra: Partial<AnomalyAlert>,
): Transition {
  return {
    eventId: deterministicEventId(state.anomalyId, type, cause.id),
    type,
    occurredAt: cause.occurredAt,
    siteId: state.siteId,
    causationId: cause.id,
    state,
    data: {
      anomalyId: state.anomalyId,
      ruleId: state.ruleId,
      ruleVersion: state.ruleVersion,
      severity: state.severity,
      key: state.key,
      title: state.title,
      summary: state.summary,
      evidence: state.evidence,
      details: state.details,
      count: state.count,
      firstSeenAt: state.firstSeenAt,
      lastSeenAt: state.lastSeenAt,
      // Said while flapping, and once more when it stops (the transition that ends it says false).
      ...(state.flapping ? { flapping: true } : {}),
      ...extra,
    },
  };
}
