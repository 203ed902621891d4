import { type EvidenceRef, SEVERITY_RANK, type Severity } from '@vigie/contracts';
import type { RuleConfig } from '../rules/rule-config';
import { type Detector, type Evaluation, evidenceOf, type Signal, type DetectorEvent } from './detector';

interface Failure {
  at: string;
  ref: EvidenceRef;
}

export interface AuthFailureBurstState {
  /** Failed logins of this principal still inside the window, oldest first. */
  failures: Failure[];
  /** Severity of the open anomaly, if any. */
  severity?: Severity;
}

const MINUTE_MS = 60_000;
const MAX_KEPT = 100;

function principalOf(event: DetectorEvent): string {
  if (event.type === 'auth.login.failed' || event.type === 'auth.login.succeeded') return event.data.principal;
  throw new Error(`auth.failure-burst does not read ${event.type}`);
}

/** A failure stays in the window while it is less than `windowMinutes` old: at exactly 15 min it has left. */
function prune(failures: Failure[], now: number, rule: RuleConfig): Failure[] {
  const windowMs = rule.params.windowMinutes * MINUTE_MS;
  return failures.filter((f) => now - Date.parse(f.at) < windowMs);
}

/** Resolves once the window is empty (15 min without failures); drops a state that holds nothing. */
function expire(key: string, failures: Failure[], severity: Severity | undefined, by: EvidenceRef): Evaluation<AuthFailureBurstState> {
  if (failures.length > 0) return { state: { failures, severity }, signals: [] };
  return { state: undefined, signals: severity ? [{ kind: 'resolve', key, evidence: [by] }] : [] };
}

function levelOf(count: number, rule: RuleConfig): Severity | undefined {
  if (count >= rule.params.criticalAt) return 'critical';
  if (count >= rule.params.warningAt) return rule.severity;
  return undefined;
}

/**
 * Password guessing against one principal (an opaque id, never a name). Raises on crossing and on
 * escalation only: a brute force sends thousands of failures, each one is not news.
 */
export const authFailureBurstDetector: Detector<AuthFailureBurstState> = {
  ruleId: 'auth.failure-burst',
  eventTypes: ['auth.login.failed', 'auth.login.succeeded'],
  stateKey: principalOf,
  evaluate(state, event, position, rule) {
    const principal = principalOf(event);
    const here = evidenceOf(event, position);
    const expired = expire(principal, prune(state?.failures ?? [], Date.parse(event.occurredAt), rule), state?.severity, here);
    if (event.type !== 'auth.login.failed') return expired;
    const current = expired.state?.failures ?? [];
    if (current.some((f) => f.ref.eventId === event.id)) return expired;
    const failures = [...current, { at: event.occurredAt, ref: here }].slice(-Math.max(MAX_KEPT, rule.params.criticalAt));
    const open = expired.state?.severity;
    const level = levelOf(failures.length, rule);
    if (!level || (open && SEVERITY_RANK[level] <= SEVERITY_RANK[open])) {
      return { state: { failures, severity: open }, signals: expired.signals };
    }
    const signals: Signal[] = [
      ...expired.signals,
      {
        kind: 'raise',
        key: principal,
        severity: level,
        title: `Tentatives de connexion échouées : ${failures.length} en ${rule.params.windowMinutes} min pour ${principal}`,
        summary:
          `${failures.length} connexions échouées en moins de ${rule.params.windowMinutes} min pour l'identifiant ` +
          `${principal} (dernière via ${event.data.channel}) ; alerte à partir de ${rule.params.warningAt}, ` +
          `critique à partir de ${rule.params.criticalAt}.`,
        details: {
          principal,
          failures: failures.length,
          lastChannel: event.data.channel,
          windowMinutes: rule.params.windowMinutes,
          warningAt: rule.params.warningAt,
          criticalAt: rule.params.criticalAt,
        },
        // The triggering failure first (the anomaly id derives from it), then the earlier ones, latest first.
        evidence: [here, ...failures.slice(0, -1).reverse().map((f) => f.ref)].slice(0, 20),
      },
    ];
    return { state: { failures, severity: level }, signals };
  },
  onTick(key, state, tick, position, rule) {
    return expire(key, prune(state.failures, Date.parse(tick.occurredAt), rule), state.severity, evidenceOf(tick, position));
  },
};
