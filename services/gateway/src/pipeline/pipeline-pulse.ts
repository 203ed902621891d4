/** The newest `ops.tick.emitted` on the OPS stream. */
export interface StoredTick {
  seq: number;
  occurredAtMs: number;
}

export interface PulseInput {
  /** Newest tick in the stream, if any. */
  newestTick: StoredTick | null;
  /** OPS stream sequence the anomaly detectors have committed and acked up to; null without their consumer. */
  detectedUpTo: number | null;
  /** Newest tick seen detected by an earlier check. */
  lastDetected: StoredTick | null;
  nowMs: number;
  maxAgeMs: number;
}

export type PulseReason = 'no-recent-tick' | 'detection-stalled';

export interface Pulse {
  flowing: boolean;
  reason?: PulseReason;
  /** The newest tick known to have gone through detection (kept for the next check). */
  lastDetected: StoredTick | null;
}

/**
 * The dead-man's switch: the pipeline flows while a tick emitted less than `maxAgeMs` ago went through
 * detection. The monitor stamps ticks with its clock; comparing with this one is the point (a stopped
 * clock is what we look for), so the two hosts need roughly synchronised clocks.
 */
export function judgePulse(input: PulseInput): Pulse {
  const { newestTick, detectedUpTo, nowMs, maxAgeMs } = input;
  let lastDetected = input.lastDetected;
  if (newestTick && detectedUpTo !== null && newestTick.seq <= detectedUpTo) {
    if (!lastDetected || newestTick.seq > lastDetected.seq) lastDetected = newestTick;
  }
  const fresh = (tick: StoredTick | null) => tick !== null && nowMs - tick.occurredAtMs <= maxAgeMs;
  if (fresh(lastDetected)) return { flowing: true, lastDetected };
  return { flowing: false, reason: fresh(newestTick) ? 'detection-stalled' : 'no-recent-tick', lastDetected };
}
