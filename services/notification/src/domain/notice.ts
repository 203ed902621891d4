import { SEVERITY_RANK, type AnomalyEventType, type Severity } from '@vigie/contracts';
import type { AlertTransition } from '../templates/alert-message';

export type NoticeDecision =
  | { notify: true; transition: AlertTransition; previousSeverity?: Severity }
  | { notify: false; reason: 'not-announced' | 'no-escalation' };

/**
 * Which anomaly events reach admins: every raise and resolution, and an update only when it makes
 * the anomaly more severe than the last severity seen for it (repeats would otherwise spam the chat).
 * `previousSeverity` is unknown when the raise was never seen; then no escalation can be shown.
 */
export function decideNotice(type: AnomalyEventType, severity: Severity, previousSeverity: Severity | undefined): NoticeDecision {
  switch (type) {
    case 'anomaly.alert.raised':
      return { notify: true, transition: 'raised' };
    case 'anomaly.alert.resolved':
      return { notify: true, transition: 'resolved' };
    case 'anomaly.alert.updated':
      return previousSeverity !== undefined && SEVERITY_RANK[severity] > SEVERITY_RANK[previousSeverity]
        ? { notify: true, transition: 'escalated', previousSeverity }
        : { notify: false, reason: 'no-escalation' };
    default:
      return { notify: false, reason: 'not-announced' };
  }
}
