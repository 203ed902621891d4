import type { DetectorEvent, Signal } from '../detectors/detector';
import type { RuleConfig } from '../rules/rule-config';
import { type AnomalyState, decide, type Transition, transition } from './anomaly';

/** The lifecycle rule `anomaly.flapping`: its params, as `RulesService` gives them for one rule. */
export interface FlapPolicy {
  /** More raises than this of one (rule, key) within the window start folding. */
  raisesAbove: number;
  windowMinutes: number;
  /** A flapping anomaly goes back to normal once its condition has not changed for this long. */
  quietMinutes: number;
}

/** What the lifecycle remembers of one (rule, key) to recognise flapping; stored with the anomalies. */
export interface FlapRecord {
  /** Event times of the anomalies raised within the window, oldest first (at most raisesAbove + 1). */
  raises: string[];
  /** The open anomaly into which the flaps are folded, while flapping. */
  flappingAnomalyId?: string;
  /** While flapping: whether the rule's condition is cleared now (its last signal resolved)... */
  cleared?: boolean;
  /** ...and when the condition last changed. */
  lastFlapAt?: string;
}

export interface FlapDecision {
  transition?: Transition;
  /** The record to keep for (rule, key); undefined deletes it. */
  flap?: FlapRecord;
}

const MINUTE_MS = 60_000;

export function flapPolicyOf(rule: RuleConfig | undefined): FlapPolicy | undefined {
  if (!rule) return undefined;
  const { raisesAbove, windowMinutes, quietMinutes } = rule.params;
  return { raisesAbove, windowMinutes, quietMinutes };
}

export function isFlapping(open: AnomalyState | undefined, flap: FlapRecord | undefined): boolean {
  return !!open && open.flapping && flap?.flappingAnomalyId === open.anomalyId;
}

/**
 * Pure: `decide` with flapping folded in. A (rule, key) raised more than `raisesAbove` times within
 * `windowMinutes` (event time) raises its next anomaly marked flapping, and that anomaly then absorbs
 * the flaps: a resolve signal no longer resolves it (nothing announced), the condition coming back
 * updates it (count + 1, which announces nothing either unless it escalates). `policy` undefined (the
 * lifecycle rule is off) decides as `decide` does.
 */
export function decideFolding(
  open: AnomalyState | undefined,
  flap: FlapRecord | undefined,
  signal: Signal,
  rule: RuleConfig,
  cause: DetectorEvent,
  policy: FlapPolicy | undefined,
): FlapDecision {
  const at = cause.occurredAt;
  const flapping = isFlapping(open, flap);
  if (signal.kind === 'resolve') {
    if (flapping) return { flap: { ...flap!, cleared: true, lastFlapAt: at } };
    return { transition: decide(open, signal, rule, cause), flap };
  }
  if (open) {
    const t = decide(open, signal, rule, cause);
    if (!flapping || !flap!.cleared) return { transition: t, flap };
    return { transition: t, flap: { ...flap!, cleared: false, lastFlapAt: at } };
  }
  const t = decide(undefined, signal, rule, cause)!;
  if (!policy) return { transition: t, flap };
  const windowMs = policy.windowMinutes * MINUTE_MS;
  const raises = [...(flap?.raises ?? []).filter((r) => Date.parse(at) - Date.parse(r) < windowMs), at].slice(-(policy.raisesAbove + 1));
  if (raises.length <= policy.raisesAbove) return { transition: t, flap: { raises } };
  const state: AnomalyState = { ...t.state, flapping: true };
  return {
    transition: transition('anomaly.alert.raised', state, cause, {}),
    flap: { raises, flappingAnomalyId: state.anomalyId, cleared: false, lastFlapAt: at },
  };
}

/**
 * Pure, on a tick: a flapping anomaly whose condition has not changed for `quietMinutes` stops
 * flapping — resolved if its condition is cleared, else kept open as an ordinary anomaly. Either way
 * the transition says `flapping: false` and the raise history is forgotten.
 */
export function endFlapping(
  open: AnomalyState | undefined,
  flap: FlapRecord | undefined,
  tick: DetectorEvent,
  policy: FlapPolicy | undefined,
): FlapDecision {
  if (!isFlapping(open, flap)) return { flap: flap?.flappingAnomalyId ? { raises: flap.raises } : flap };
  const quietMs = (policy?.quietMinutes ?? 0) * MINUTE_MS;
  if (policy && Date.parse(tick.occurredAt) - Date.parse(flap!.lastFlapAt!) < quietMs) return { flap };
  const at = tick.occurredAt;
  const state: AnomalyState = { ...open!, flapping: false, lastSeenAt: at };
  if (flap!.cleared) {
    return {
      transition: transition('anomaly.alert.resolved', { ...state, status: 'resolved' }, tick, {
        resolvedAt: at,
        durationMs: Math.max(0, Date.parse(at) - Date.parse(open!.firstSeenAt)),
        flapping: false,
      }),
      flap: undefined,
    };
  }
  return { transition: transition('anomaly.alert.updated', state, tick, { flapping: false }), flap: undefined };
}
