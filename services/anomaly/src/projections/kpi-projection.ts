import type { StreamId } from '@vigie/contracts';
import type { KpiDelta } from './kpi-delta';
import type { KpiKind } from './kpi';

/**
 * One KPI projection per input stream. `evolve` adds one message's effect to `delta` and returns it;
 * it reads nothing but its arguments (event time, never the wall clock), so folding the same messages
 * in the same order always gives the same rows — live, redelivered or rebuilt from sequence 1.
 */
export interface KpiProjection<I = unknown> {
  readonly stream: StreamId;
  readonly kind: KpiKind;
  /** Turns stored bytes into `evolve`'s input; default: a decoded event envelope. */
  readonly decode?: (data: Uint8Array) => I;
  /** Services whose already-stored instances `evolve` consults for this input (restarts). */
  servicesToKnow?(input: I): string[];
  evolve(delta: KpiDelta, input: I): KpiDelta;
}
