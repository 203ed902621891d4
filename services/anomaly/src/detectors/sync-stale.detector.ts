import type { EvidenceRef } from '@vigie/contracts';
import type { RuleConfig } from '../rules/rule-config';
import { type Detector, type Evaluation, evidenceOf, type EventPosition, type DetectorEvent } from './detector';

interface Seen {
  at: string;
  ref: EvidenceRef;
}

export interface SyncStaleState {
  /** Site of the target's latest sync event: a tick is `global`, the anomaly belongs to this site. */
  siteId: string;
  lastSuccess?: Seen;
  /** First and latest attempts (started or failed) since the last success; none = nothing to be stale about. */
  firstAttempt?: Seen;
  lastAttempt?: Seen;
  open: boolean;
}

const HOUR_MS = 3_600_000;

function targetOf(event: DetectorEvent): string {
  if (event.type === 'sync.run.started' || event.type === 'sync.run.failed' || event.type === 'sync.run.succeeded') {
    return event.data.target;
  }
  throw new Error(`sync.stale does not read ${event.type}`);
}

function later(a: Seen | undefined, b: Seen): Seen {
  return a && Date.parse(a.at) > Date.parse(b.at) ? a : b;
}

function hours(ms: number): string {
  return ms >= HOUR_MS ? `${Math.floor(ms / HOUR_MS)} h` : `${Math.floor(ms / 60_000)} min`;
}

/**
 * Staleness is measured from the last success, or from the first attempt when the target never
 * succeeded; it needs an attempt since, so a target nobody runs never fires. Strict: exactly 24 h is not stale.
 */
function check(key: string, state: SyncStaleState, nowIso: string, trigger: EvidenceRef, rule: RuleConfig): Evaluation<SyncStaleState> {
  const { firstAttempt, lastAttempt, lastSuccess } = state;
  if (state.open || !firstAttempt || !lastAttempt) return { state, signals: [] };
  const since = lastSuccess ?? firstAttempt;
  const staleMs = Date.parse(nowIso) - Date.parse(since.at);
  if (staleMs <= rule.params.staleAfterHours * HOUR_MS) return { state, signals: [] };
  const refs = [trigger, ...[lastSuccess, firstAttempt, lastAttempt].flatMap((s) => (s ? [s.ref] : []))];
  const evidence = refs.filter((r, i) => refs.findIndex((o) => o.eventId === r.eventId) === i);
  return {
    state: { ...state, open: true },
    signals: [
      {
        kind: 'raise',
        key,
        severity: rule.severity,
        siteId: state.siteId,
        title: `Synchronisation vers ${key} en retard : aucune réussite depuis ${hours(staleMs)}`,
        summary:
          (lastSuccess
            ? `Aucune synchronisation réussie vers ${key} depuis ${hours(staleMs)}, malgré des tentatives`
            : `Aucune synchronisation vers ${key} n'a jamais réussi depuis la première tentative, il y a ${hours(staleMs)}`) +
          ` (dernière tentative il y a ${hours(Date.parse(nowIso) - Date.parse(lastAttempt.at))} ; ` +
          `seuil ${rule.params.staleAfterHours} h).`,
        details: {
          target: key,
          lastSuccessAt: lastSuccess?.at ?? null,
          firstAttemptAt: firstAttempt.at,
          lastAttemptAt: lastAttempt.at,
          staleForMs: staleMs,
          staleAfterHours: rule.params.staleAfterHours,
        },
        evidence,
      },
    ],
  };
}

function observe(state: SyncStaleState | undefined, event: DetectorEvent, position: EventPosition): SyncStaleState {
  const seen: Seen = { at: event.occurredAt, ref: evidenceOf(event, position) };
  const base: SyncStaleState = { ...(state ?? { open: false }), siteId: event.siteId };
  if (event.type === 'sync.run.succeeded') {
    return { siteId: base.siteId, lastSuccess: later(base.lastSuccess, seen), open: base.open };
  }
  return { ...base, firstAttempt: base.firstAttempt ?? seen, lastAttempt: later(base.lastAttempt, seen) };
}

/** An export failing for more than 24 h must reach an admin (DOMAIN.md); checked on sync events and on ticks. */
export const syncStaleDetector: Detector<SyncStaleState> = {
  ruleId: 'sync.stale',
  eventTypes: ['sync.run.started', 'sync.run.failed', 'sync.run.succeeded'],
  stateKey: targetOf,
  evaluate(state, event, position, rule) {
    const target = targetOf(event);
    const next = observe(state, event, position);
    if (event.type === 'sync.run.succeeded') {
      const signals = next.open ? [{ kind: 'resolve' as const, key: target, evidence: [evidenceOf(event, position)] }] : [];
      return { state: { ...next, open: false }, signals };
    }
    // A run that starts late may well succeed a moment later: only its failure, or a tick, judges.
    if (event.type === 'sync.run.started') return { state: next, signals: [] };
    return check(target, next, event.occurredAt, evidenceOf(event, position), rule);
  },
  onTick(key, state, tick, position, rule) {
    return check(key, state, tick.occurredAt, evidenceOf(tick, position), rule);
  },
};
