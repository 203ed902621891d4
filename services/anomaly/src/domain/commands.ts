import type { AnomalyAlert, AnomalyEventType } from '@vigie/contracts';
import { DETECTORS } from '../detectors';
import type { AnomalyState } from './anomaly';

/** Rules whose anomalies an acknowledgement resolves (they have no resolve condition of their own). */
const RESOLVED_BY_ACKNOWLEDGEMENT = new Set(DETECTORS.filter((d) => d.resolvedByAcknowledgement).map((d) => d.ruleId));

export type AnomalyCommand =
  | { kind: 'acknowledge'; by: string; reason?: string }
  | { kind: 'silence'; by: string; until: string; reason?: string }
  | { kind: 'resolve'; by: string; reason?: string };

export type CommandOutcome =
  | { ok: true; type: AnomalyEventType; state: AnomalyState; data: AnomalyAlert }
  | { ok: true; unchanged: true; state: AnomalyState }
  | { ok: false; code: string; message: string };

/**
 * Pure: what an admin's action does to an anomaly. Acting on a resolved anomaly is refused; repeating
 * an acknowledgement changes nothing. Human actions are dated by the clock (`at`), not event time.
 */
export function applyCommand(state: AnomalyState, command: AnomalyCommand, at: string): CommandOutcome {
  if (state.status === 'resolved') {
    return { ok: false, code: 'anomaly.already-resolved', message: `anomaly ${state.anomalyId} is already resolved` };
  }
  const base = {
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
    ...(state.flapping ? { flapping: true } : {}),
    by: command.by,
    ...(command.reason ? { reason: command.reason } : {}),
  };
  switch (command.kind) {
    case 'acknowledge': {
      if (state.status === 'acknowledged') return { ok: true, unchanged: true, state };
      if (RESOLVED_BY_ACKNOWLEDGEMENT.has(state.ruleId)) return resolved(state, base, at);
      const next: AnomalyState = { ...state, status: 'acknowledged' };
      return { ok: true, type: 'anomaly.alert.acknowledged', state: next, data: base };
    }
    case 'silence': {
      if (Date.parse(command.until) <= Date.parse(at)) {
        return { ok: false, code: 'anomaly.silence-in-past', message: 'a silence must end in the future' };
      }
      const next: AnomalyState = { ...state, status: 'silenced' };
      return { ok: true, type: 'anomaly.alert.silenced', state: next, data: { ...base, until: command.until } };
    }
    case 'resolve':
      return resolved(state, base, at);
  }
}

function resolved(state: AnomalyState, base: AnomalyAlert, at: string): CommandOutcome {
  return {
    ok: true,
    type: 'anomaly.alert.resolved',
    state: { ...state, status: 'resolved' },
    data: { ...base, resolvedAt: at, durationMs: Math.max(0, Date.parse(at) - Date.parse(state.firstSeenAt)) },
  };
}
