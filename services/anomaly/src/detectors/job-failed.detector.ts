import type { EvidenceRef, Severity } from '@vigie/contracts';
import type { RuleConfig } from '../rules/rule-config';
import { type Detector, evidenceOf, type DetectorEvent } from './detector';

export interface JobFailedState {
  /** Event time of the latest run outcome taken into account. */
  lastAt: string;
  /** Failed runs since the job's last success, and the latest of them (bounded). */
  consecutiveFailures: number;
  recent: EvidenceRef[];
}

const MAX_KEPT = 10;

function jobOf(event: DetectorEvent): string {
  if (event.type === 'ops.job.completed') return event.data.job;
  throw new Error(`job.failed does not read ${event.type}`);
}

function levelOf(failures: number, rule: RuleConfig): Severity {
  return failures >= rule.params.criticalAt ? 'critical' : rule.severity;
}

/**
 * A scheduled job (weekly report, recommendations, retention) whose run failed. Every failure updates
 * the open anomaly (a retry that fails again is news: the count goes up, critical from `criticalAt`
 * failures in a row); the next successful run resolves it.
 */
export const jobFailedDetector: Detector<JobFailedState> = {
  ruleId: 'job.failed',
  eventTypes: ['ops.job.completed'],
  stateKey: jobOf,
  // Overrides name a job as a subject token: `reporting_generate-weekly-report`.
  subjectOf: (event) => jobOf(event).replace(/\./g, '_'),
  evaluate(state, event, position, rule) {
    if (event.type !== 'ops.job.completed') return { state, signals: [] };
    if (state && Date.parse(event.occurredAt) <= Date.parse(state.lastAt)) return { state, signals: [] };
    const { job, status, trigger, durationMs, error, runId } = event.data;
    const here = evidenceOf(event, position);
    if (status === 'succeeded') {
      // The state stays (one per job) so that a late copy of an earlier failure is still recognised as old.
      return {
        state: { lastAt: event.occurredAt, consecutiveFailures: 0, recent: [] },
        signals: state?.consecutiveFailures ? [{ kind: 'resolve', key: job, evidence: [here] }] : [],
      };
    }
    const consecutiveFailures = (state?.consecutiveFailures ?? 0) + 1;
    const recent = [here, ...(state?.recent ?? [])].slice(0, MAX_KEPT);
    return {
      state: { lastAt: event.occurredAt, consecutiveFailures, recent },
      signals: [
        {
          kind: 'raise',
          key: job,
          severity: levelOf(consecutiveFailures, rule),
          title: `Tâche planifiée en échec : ${job}`,
          summary:
            `${consecutiveFailures === 1 ? 'La dernière exécution' : `${consecutiveFailures} exécutions de suite`} de ${job} ` +
            `${consecutiveFailures === 1 ? 'a échoué' : 'ont échoué'} (déclenchement ${trigger}, ${durationMs} ms)` +
            `${error ? ` : ${error.slice(0, 300)}` : ''} ; critique à partir de ${rule.params.criticalAt} échecs de suite.`,
          details: { job, runId, trigger, durationMs, error: error ?? null, consecutiveFailures, criticalAt: rule.params.criticalAt },
          // This failure first: the anomaly id derives from it; then the earlier failures of the streak.
          evidence: recent,
        },
      ],
    };
  },
};
