import type { AnyEvent, DeadLetterRecord, Envelope, EventType, EvidenceRef, Severity } from '@vigie/contracts';
import type { RuleConfig } from '../rules/rule-config';

export const DEAD_LETTER_EVENT_TYPE = 'deadletter.message.recorded';

/**
 * A DEADLETTER record seen as an event, so detectors read it like the rest (see `deadLetterEvent`):
 * the stream holds the messaging layer's raw records, not envelopes. Its time is the record's own
 * `deadLetteredAt` and its id derives from the dead-lettered message, so a replay sees the same event.
 */
export interface DeadLetterEvent {
  id: string;
  type: typeof DEAD_LETTER_EVENT_TYPE;
  version: 1;
  occurredAt: string;
  source: string;
  siteId: string;
  correlationId?: string;
  causationId?: string;
  data: DeadLetterRecord;
}

/** What detectors read: a decoded event of a domain stream, or a dead letter. */
export type DetectorEvent = AnyEvent | DeadLetterEvent;
export type DetectorEventType = EventType | typeof DEAD_LETTER_EVENT_TYPE;

/** Where the event being evaluated sits in its stream; becomes the anomaly's evidence. */
export interface EventPosition {
  /** The stream id (`CASH`), not its namespaced server name. */
  stream: string;
  seq: number;
}

/**
 * What a detector concludes. `raise` opens the anomaly of (ruleId, key) — or, when one is already
 * open, updates it (count, escalated severity); `resolve` closes the open one (no-op when none).
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
      /** The site concerned, when it is not the causing event's (e.g. a tick, which is `global`). */
      siteId?: string;
    }
  | { kind: 'resolve'; key: string; evidence: EvidenceRef[] };

export interface Evaluation<S> {
  /** The state to keep for this key; `undefined` deletes it. Ignored for stateless detectors. */
  state?: S;
  signals: Signal[];
}

export type TickEvent = Envelope<'ops.tick.emitted'>;

/**
 * A rule-based detector. It must be deterministic and pure: the same events (by event time, never the
 * wall clock) and the same rule config always give the same state and signals, so a replay raises
 * the same anomalies. State must stay bounded (windows of N events or T time), and be plain JSON: it
 * is stored in Postgres with the stream checkpoint, in the same transaction.
 */
export interface Detector<S = unknown> {
  readonly ruleId: string;
  /** Event types this detector reads; `evaluate` is never called with others. */
  readonly eventTypes: readonly DetectorEventType[];
  /**
   * The rule's anomalies have no resolve condition of their own: an admin's acknowledgement resolves
   * them (the next occurrence then raises a new one).
   */
  readonly resolvedByAcknowledgement?: boolean;
  /**
   * The state partition an event belongs to (a register, a sync target, an AI model...). Omit for a
   * stateless detector: `evaluate` then always gets `undefined`.
   */
  stateKey?(event: DetectorEvent): string;
  /**
   * What the rule watches in this event (a register, a target...), for per-subject overrides of the
   * rule's config. Defaults to `stateKey`.
   */
  subjectOf?(event: DetectorEvent): string;
  evaluate(state: S | undefined, event: DetectorEvent, position: EventPosition, rule: RuleConfig): Evaluation<S>;
  /**
   * Absence rules (nothing happened for T): called on every `ops.tick.emitted` with each stored state
   * of this rule; compares the tick's occurredAt, never the wall clock, with what the state saw.
   */
  onTick?(
    key: string,
    state: S,
    tick: TickEvent,
    position: EventPosition,
    rule: RuleConfig,
  ): Evaluation<S>;
}

export function evidenceOf(event: DetectorEvent, position: EventPosition): EvidenceRef {
  return { stream: position.stream, seq: position.seq, eventId: event.id };
}
