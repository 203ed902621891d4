import { type AnyEvent, type EvidenceRef, eurosToCents, formatEuros } from '@vigie/contracts';
import type { RuleConfig } from '../rules/rule-config';
import { type Detector, type Evaluation, evidenceOf, type Signal } from './detector';

interface BadSession {
  at: string;
  ref: EvidenceRef;
  sessionId: string;
  variance: number;
}

export interface CashVarianceRepeatedState {
  /** Bad sessions of this register still inside the window, oldest first. */
  bad: BadSession[];
  /** True while this rule's anomaly for the register is open. */
  open: boolean;
}

const DAY_MS = 86_400_000;
const MAX_KEPT = 100;

/** A session stays in the window while it is less than `windowDays` old: at exactly 7 days it has left. */
function prune(bad: BadSession[], now: number, rule: RuleConfig): BadSession[] {
  const windowMs = rule.params.windowDays * DAY_MS;
  return bad.filter((b) => now - Date.parse(b.at) < windowMs);
}

/** Resolves the open anomaly once no bad session is left in the window; drops a state that holds nothing. */
function expire(key: string, bad: BadSession[], open: boolean, resolvedBy: EvidenceRef): Evaluation<CashVarianceRepeatedState> {
  const signals: Signal[] = open && bad.length === 0 ? [{ kind: 'resolve', key, evidence: [resolvedBy] }] : [];
  const stillOpen = open && bad.length > 0;
  return { state: bad.length > 0 || stillOpen ? { bad, open: stillOpen } : undefined, signals };
}

function registerOf(event: AnyEvent): string {
  if (event.type !== 'cash.session.closed') throw new Error(`cash.variance-repeated does not read ${event.type}`);
  return event.data.registerId;
}

/**
 * The same register short (or over) again and again: what admins fear, unlike one honest mistake.
 * Every closing of the register counts as evidence of time passing, so a good closing can resolve.
 */
export const cashVarianceRepeatedDetector: Detector<CashVarianceRepeatedState> = {
  ruleId: 'cash.variance-repeated',
  eventTypes: ['cash.session.closed'],
  stateKey: registerOf,
  evaluate(state, event, position, rule) {
    if (event.type !== 'cash.session.closed') return { state, signals: [] };
    const { registerId, sessionId, variance } = event.data;
    const here = evidenceOf(event, position);
    const expired = expire(registerId, prune(state?.bad ?? [], Date.parse(event.occurredAt), rule), state?.open ?? false, here);
    const bad = expired.state?.bad ?? [];
    const open = expired.state?.open ?? false;
    const isBad = Math.abs(eurosToCents(variance)) > eurosToCents(rule.params.varianceAbove);
    // A republished closing (same event id) must not count twice.
    if (!isBad || bad.some((b) => b.ref.eventId === event.id)) return expired;
    const kept = [...bad, { at: event.occurredAt, ref: here, sessionId, variance }].slice(
      -Math.max(MAX_KEPT, rule.params.minSessions),
    );
    const signals = [...expired.signals];
    if (kept.length >= rule.params.minSessions) {
      const others = kept.slice(0, -1).reverse().map((b) => b.ref);
      signals.push({
        kind: 'raise',
        key: registerId,
        severity: rule.severity,
        title: `Écarts de caisse répétés sur la caisse ${registerId}`,
        summary:
          `${kept.length} sessions fermées avec un écart de plus de ${formatEuros(rule.params.varianceAbove)} ` +
          `en ${rule.params.windowDays} jours sur la caisse ${registerId} ` +
          `(dernière : session ${sessionId}, écart de ${formatEuros(variance)}).`,
        details: {
          registerId,
          count: kept.length,
          sessions: kept.slice(-20).map((b) => ({ sessionId: b.sessionId, variance: b.variance, occurredAt: b.at })),
          varianceAbove: rule.params.varianceAbove,
          minSessions: rule.params.minSessions,
          windowDays: rule.params.windowDays,
        },
        // The triggering closing first: the anomaly id derives from it, so a later episode never reuses an id.
        evidence: [here, ...others].slice(0, 20),
      });
    }
    return { state: { bad: kept, open: open || kept.length >= rule.params.minSessions }, signals };
  },
  onTick(key, state, tick, position, rule) {
    return expire(key, prune(state.bad, Date.parse(tick.occurredAt), rule), state.open, evidenceOf(tick, position));
  },
};
