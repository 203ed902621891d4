/** What the dispatcher remembers of one recipient (a chat, an address) between sends. */
export interface LaneState {
  /** When the last message left for this recipient. */
  lastSentAt?: number;
  /** Nothing is sent before this: a 429's retry_after, or the backoff after a failure. */
  holdUntil?: number;
}

export interface LanePolicy {
  /** A recipient sent to less than this long ago gets the next alerts as one digest, at the end of the window. 0: never group. */
  groupWindowMs: number;
  /** Minimum time between two messages to the recipient. */
  minIntervalMs: number;
  /** Most items in one digest (it may still be split in several messages). */
  maxBatch: number;
}

export interface QueuedItem {
  /** Alerts may share a digest; a report or a recommendation always goes alone. */
  groupable: boolean;
  /** When it was queued (epoch ms). */
  queuedAt: number;
  /** Sends tried and failed so far. */
  attempts: number;
}

export interface DispatchPlan {
  /** When to send (epoch ms); may be in the past, meaning now. */
  at: number;
  /** How many items from the head of the queue go together. */
  count: number;
}

/**
 * When the next message leaves and what it carries.
 * - An alert queued for a quiet recipient (nothing sent within the window) leaves at once, alone:
 *   the first alert is never held back.
 * - Alerts queued while the recipient was recently sent to leave together, as one digest, when the
 *   window since its last message closes.
 * - After a failed send (an outage, a 429) everything queued meanwhile leaves together as soon as
 *   the hold ends: it is late already, and in order.
 * Holds and the minimum interval between two messages always apply.
 */
export function planDispatch(state: LaneState, policy: LanePolicy, now: number, queue: readonly QueuedItem[]): DispatchPlan | undefined {
  if (queue.length === 0) return undefined;
  const last = state.lastSentAt;
  const earliest = Math.max(now, state.holdUntil ?? 0, last === undefined ? 0 : last + policy.minIntervalMs);
  const head = queue[0];
  if (policy.groupWindowMs === 0 || !head.groupable) return { at: earliest, count: 1 };
  let prefix = 0;
  while (prefix < queue.length && prefix < policy.maxBatch && queue[prefix].groupable) prefix++;
  if (head.attempts > 0) return { at: earliest, count: prefix };
  if (last === undefined || head.queuedAt - last >= policy.groupWindowMs) return { at: earliest, count: 1 };
  return { at: Math.max(earliest, last + policy.groupWindowMs), count: prefix };
}
