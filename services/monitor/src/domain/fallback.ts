import type { TargetStatus } from './target-status';

/**
 * What the fallback path remembers of the watched target's outage. In memory only: a monitor
 * restarted during an outage starts counting again and alerts once more after the threshold.
 */
export interface FallbackState {
  /** The outage lasted longer than the threshold and the target has not answered since. */
  declared: boolean;
  /** Admin chats told "down" and not yet told "back". */
  toldDown: readonly string[];
  /** Admin chats that refused the alert for good (blocked bot, unknown chat) during this outage. */
  refused: readonly string[];
}

export const NO_OUTAGE: FallbackState = { declared: false, toldDown: [], refused: [] };

export interface FallbackPlan {
  /** `declared`: the outage just passed the threshold; `over`: the target answers again after one. */
  transition?: 'declared' | 'over';
  /** Chats to send the outage alert to: not told yet, not refused. */
  alert: string[];
  /** Chats to tell the target is back. */
  recover: string[];
  /** How long the target has been failing (0 when it is not). */
  outageMs: number;
}

/** Which messages the latest status of the watched target calls for. Pure: `now` is given. */
export function planFallback(
  state: FallbackState,
  status: TargetStatus | undefined,
  chats: readonly string[],
  now: Date,
  afterMs: number,
): FallbackPlan {
  const outageMs = status?.up === false && status.failingSince ? now.getTime() - Date.parse(status.failingSince) : 0;
  if (status?.up === false && outageMs > afterMs) {
    return {
      ...(state.declared ? {} : { transition: 'declared' as const }),
      alert: chats.filter((c) => !state.toldDown.includes(c) && !state.refused.includes(c)),
      recover: [],
      outageMs,
    };
  }
  if (status?.up === true) {
    return { ...(state.declared ? { transition: 'over' as const } : {}), alert: [], recover: [...state.toldDown], outageMs: 0 };
  }
  return { alert: [], recover: [], outageMs };
}

export interface FallbackDeliveries {
  alerted: readonly string[];
  recovered: readonly string[];
  refused: readonly string[];
}

/** The state once the plan's messages were sent; chats whose send failed are planned again next round. */
export function afterDeliveries(state: FallbackState, plan: FallbackPlan, done: FallbackDeliveries): FallbackState {
  const declared = plan.transition === 'declared' ? true : plan.transition === 'over' ? false : state.declared;
  const toldDown = [...state.toldDown, ...done.alerted].filter((c) => !done.recovered.includes(c));
  return {
    declared,
    toldDown: [...new Set(toldDown)],
    refused: declared ? [...new Set([...state.refused, ...done.refused])] : [],
  };
}

export function outageText(outageMs: number, lastError: string | null): string {
  const head = `⚠️ Vigie : le service de notification ne répond plus depuis ${formatDuration(outageMs)} — les alertes ne partent plus.`;
  return lastError ? `${head}\nDernière sonde : ${lastError}` : head;
}

export const RECOVERY_TEXT = '✅ Vigie : le service de notification répond de nouveau.';

/** `45 s`, `3 min 20 s`, `2 h 5 min`: rounded down to what is worth reading. */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  if (h > 0) return m > 0 ? `${h} h ${m} min` : `${h} h`;
  if (m > 0) return s > 0 ? `${m} min ${s} s` : `${m} min`;
  return `${s} s`;
}
