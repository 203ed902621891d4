import type { AnyEvent, EvidenceRef } from '@vigie/contracts';
import { type Detector, evidenceOf } from './detector';

export interface ServiceUnhealthyState {
  /** Failed probes since the target's last good one. */
  count: number;
  /** The latest failed probes (bounded), oldest first: evidence, and redelivery dedupe. */
  recent: EvidenceRef[];
  open: boolean;
}

const MAX_KEPT = 20;

function targetOf(event: AnyEvent): string {
  if (event.type === 'ops.probe.completed') return event.data.target;
  throw new Error(`service.unhealthy does not read ${event.type}`);
}

/**
 * Consecutive failed /health probes. Probes run every few seconds, so the anomaly is raised once
 * when the streak reaches the threshold, not updated by each further failure.
 */
export const serviceUnhealthyDetector: Detector<ServiceUnhealthyState> = {
  ruleId: 'service.unhealthy',
  eventTypes: ['ops.probe.completed'],
  stateKey: targetOf,
  evaluate(state, event, position, rule) {
    if (event.type !== 'ops.probe.completed') return { state, signals: [] };
    const { target, ok, status, latencyMs } = event.data;
    const here = evidenceOf(event, position);
    if (ok) return { state: undefined, signals: state?.open ? [{ kind: 'resolve', key: target, evidence: [here] }] : [] };
    if (state?.recent.some((r) => r.eventId === event.id)) return { state, signals: [] };
    const count = (state?.count ?? 0) + 1;
    const recent = [...(state?.recent ?? []), here].slice(-MAX_KEPT);
    if (state?.open || count < rule.params.failuresAt) return { state: { count, recent, open: state?.open ?? false }, signals: [] };
    return {
      state: { count, recent, open: true },
      signals: [
        {
          kind: 'raise',
          key: target,
          severity: rule.severity,
          title: `Service en échec de santé : ${target}`,
          summary:
            `${count} sondes /health consécutives en échec pour ${target} ` +
            `(dernier statut ${status ?? 'sans réponse'}, ${latencyMs} ms) ; seuil ${rule.params.failuresAt}.`,
          details: { target, consecutiveFailures: count, lastStatus: status ?? null, lastLatencyMs: latencyMs, failuresAt: rule.params.failuresAt },
          // The probe that crossed first (the anomaly id derives from it), then the earlier failures.
          evidence: [here, ...recent.slice(0, -1).reverse()],
        },
      ],
    };
  },
};
