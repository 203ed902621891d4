import type { AnyEvent, EvidenceRef, Severity } from '@vigie/contracts';
import { type Detector, evidenceOf } from './detector';

export interface SyncConsecutiveFailuresState {
  /** Failed runs since the target's last success (a run retried n times counts once). */
  count: number;
  /** The run of the latest failure: its further attempts are the same failed run. */
  lastRunId?: string;
  /** The latest failures of the streak (bounded), oldest first: evidence, and redelivery dedupe. */
  recent: EvidenceRef[];
  /** Severity of the open anomaly, if this streak raised one. */
  severity?: Severity;
}

const MAX_KEPT = 20;

function targetOf(event: AnyEvent): string {
  if (event.type === 'sync.run.failed' || event.type === 'sync.run.succeeded') return event.data.target;
  throw new Error(`sync.consecutive-failures does not read ${event.type}`);
}

/** Every failure of a streak past the threshold updates the anomaly (count, latest error); a success ends it. */
export const syncConsecutiveFailuresDetector: Detector<SyncConsecutiveFailuresState> = {
  ruleId: 'sync.consecutive-failures',
  eventTypes: ['sync.run.failed', 'sync.run.succeeded'],
  stateKey: targetOf,
  evaluate(state, event, position, rule) {
    const here = evidenceOf(event, position);
    if (event.type === 'sync.run.succeeded') {
      return { state: undefined, signals: state?.severity ? [{ kind: 'resolve', key: event.data.target, evidence: [here] }] : [] };
    }
    if (event.type !== 'sync.run.failed') return { state, signals: [] };
    if (state?.recent.some((r) => r.eventId === event.id)) return { state, signals: [] };
    const { target, runId, attempt, error } = event.data;
    const recent = [...(state?.recent ?? []), here].slice(-MAX_KEPT);
    // The sync service publishes one failure per attempt; the rule counts failed runs.
    if (state && state.lastRunId === runId) return { state: { ...state, recent }, signals: [] };
    const count = (state?.count ?? 0) + 1;
    if (count < rule.params.warningAt) return { state: { count, recent, lastRunId: runId }, signals: [] };
    const severity: Severity = count >= rule.params.criticalAt ? 'critical' : rule.severity;
    return {
      state: { count, recent, severity, lastRunId: runId },
      signals: [
        {
          kind: 'raise',
          key: target,
          severity,
          title: `Échec de synchronisation vers ${target} : ${count} échecs consécutifs`,
          // The error message comes from the outside system and may quote anything: only its code is kept.
          summary:
            `${count} exécutions consécutives en échec vers ${target} ` +
            `(dernière : exécution ${runId}, tentative ${attempt}, erreur ${error.code}) ; ` +
            `alerte à partir de ${rule.params.warningAt}, critique à partir de ${rule.params.criticalAt}.`,
          details: {
            target,
            consecutiveFailures: count,
            lastRunId: runId,
            lastAttempt: attempt,
            lastErrorCode: error.code,
            warningAt: rule.params.warningAt,
            criticalAt: rule.params.criticalAt,
          },
          evidence: [here, ...recent.slice(0, -1).reverse()],
        },
      ],
    };
  },
};
