import type { EvidenceRef } from '@vigie/contracts';
import { type Detector, evidenceOf, type DetectorEvent } from './detector';

export interface JobMissedState {
  /** Site of the latest run's event: a tick is `global` too, but the anomaly follows the job's. */
  siteId: string;
  lastRunAt: string;
  lastRun: EvidenceRef;
  /** When the job's schedule next owes a run, as the latest run announced it. */
  nextDueAt?: string;
  missed: boolean;
}

function jobOf(event: DetectorEvent): string {
  if (event.type === 'ops.job.completed') return event.data.job;
  throw new Error(`job.missed does not read ${event.type}`);
}

/**
 * A scheduled job that did not run when due, judged on ticks (event time): each finished run says
 * when the next one is due; a tick more than `graceMinutes` past that with no run finished since raises.
 * The next finished run (whatever its outcome: a failure is `job.failed`'s business) resolves it. Only
 * a job once seen can be missed.
 */
export const jobMissedDetector: Detector<JobMissedState> = {
  ruleId: 'job.missed',
  eventTypes: ['ops.job.completed'],
  stateKey: jobOf,
  subjectOf: (event) => jobOf(event).replace(/\./g, '_'),
  evaluate(state, event, position) {
    if (event.type !== 'ops.job.completed') return { state, signals: [] };
    if (state && Date.parse(event.occurredAt) <= Date.parse(state.lastRunAt)) return { state, signals: [] };
    const here = evidenceOf(event, position);
    return {
      state: {
        siteId: event.siteId,
        lastRunAt: event.occurredAt,
        lastRun: here,
        ...(event.data.nextDueAt ? { nextDueAt: event.data.nextDueAt } : {}),
        missed: false,
      },
      signals: state?.missed ? [{ kind: 'resolve', key: event.data.job, evidence: [here] }] : [],
    };
  },
  onTick(key, state, tick, position, rule) {
    if (state.missed || !state.nextDueAt) return { state, signals: [] };
    const lateMs = Date.parse(tick.occurredAt) - Date.parse(state.nextDueAt);
    if (lateMs <= rule.params.graceMinutes * 60_000) return { state, signals: [] };
    return {
      state: { ...state, missed: true },
      signals: [
        {
          kind: 'raise',
          key,
          severity: rule.severity,
          siteId: state.siteId,
          title: `Tâche planifiée non exécutée : ${key}`,
          summary:
            `${key} devait s'exécuter le ${state.nextDueAt} et n'a rien terminé depuis ` +
            `(${Math.floor(lateMs / 60_000)} min de retard, tolérance ${rule.params.graceMinutes} min ; dernière exécution ${state.lastRunAt}).`,
          details: { job: key, dueAt: state.nextDueAt, lateMs, lastRunAt: state.lastRunAt, graceMinutes: rule.params.graceMinutes },
          // The tick first: the anomaly id derives from it, so each missed occurrence gets its own.
          evidence: [evidenceOf(tick, position), state.lastRun],
        },
      ],
    };
  },
};
