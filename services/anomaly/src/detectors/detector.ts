import type { AnyEvent, EventType, EvidenceRef, Severity } from '@vigie/contracts';
import type { RuleConfig } from '../rules/rule-config';

/** Where the event being evaluated sits in its stream; becomes the anomaly's evidence. */
export interface EventPosition {
  stream: string;
  seq: number;
}

/**
 * What a detector concludes from one event. `raise` opens (or, for a rule that keeps firing, updates)
 * the anomaly of (ruleId, key); `resolve` closes it.
 */
export type Signal =
  | {
      kind: 'raise';
      key: string;
      severity: Severity;
      title: string;
      summary: string;
      details: Record<string, unknown>;
      evidence: EvidenceRef[];
    }
  | { kind: 'resolve'; key: string; evidence: EvidenceRef[] };

/**
 * A rule-based detector. It must be deterministic: the same events (by event time, never the wall
 * clock) and the same rule config always give the same signals, so a replay raises the same anomalies.
 */
export interface Detector {
  readonly ruleId: string;
  /** Event types this detector reads; it is never called with others. */
  readonly eventTypes: readonly EventType[];
  evaluate(event: AnyEvent, position: EventPosition, rule: RuleConfig): Signal[];
}

export function evidenceOf(event: AnyEvent, position: EventPosition): EvidenceRef {
  return { stream: position.stream, seq: position.seq, eventId: event.id };
}
