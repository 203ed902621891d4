import { SEVERITY_RANK, type AnomalyEventType, type Severity } from '@vigie/contracts';
import type { AlertTransition } from '../templates/alert-message';

export type NoticeDecision =
  | { notify: true; transition: AlertTransition; previousSeverity?: Severity }
  | { notify: false; reason: 'not-announced' | 'no-escalation' | 'silenced' };

export interface NoticeContext {
  /** When the anomaly's silence ends, if it was silenced. */
  silencedUntil?: string | Date | null;
  /** Event time of the transition. */
  occurredAt?: string;
}

/**
 * Which anomaly events reach admins: every raise and resolution, and an update only when it makes
 * the anomaly more severe than the last severity seen for it (repeats would otherwise spam the chat)
 * and the anomaly is not silenced at that (event) time. `previousSeverity` is unknown when the raise
 * was never seen; then no escalation can be shown.
 */
export function decideNotice(
  type: AnomalyEventType,
  severity: Severity,
  previousSeverity: Severity | undefined,
  context: NoticeContext = {},
): NoticeDecision {
  switch (type) {
    case 'anomaly.alert.raised':
      return { notify: true, transition: 'raised' };
    case 'anomaly.alert.resolved':
      return { notify: true, transition: 'resolved' };
    case 'anomaly.alert.updated': {
      if (previousSeverity === undefined || SEVERITY_RANK[severity] <= SEVERITY_RANK[previousSeverity]) {
        return { notify: false, reason: 'no-escalation' };
      }
      const until = context.silencedUntil ? new Date(context.silencedUntil).getTime() : undefined;
      const at = context.occurredAt ? Date.parse(context.occurredAt) : undefined;
      if (until !== undefined && at !== undefined && at < until) return { notify: false, reason: 'silenced' };
      return { notify: true, transition: 'escalated', previousSeverity };
    }
    default:
      return { notify: false, reason: 'not-announced' };
  }
}
