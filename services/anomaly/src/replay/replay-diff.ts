import type { AnomalyAlert, Envelope, ReplayedAnomaly, ReplayResult, Severity } from '@vigie/contracts';

const DETECTION = new Set(['anomaly.alert.raised', 'anomaly.alert.updated', 'anomaly.alert.resolved']);

/**
 * The anomalies as the ANOMALY events announce them up to `to` (exclusive, event time): severity,
 * count and whether the detectors have resolved them. Acknowledgements and silences are left out:
 * they are admins' doing, not the detectors'. Events must come in the order they were announced.
 */
export function foldAnomalies(events: Iterable<Envelope>, to: Date): Map<string, ReplayedAnomaly> {
  const out = new Map<string, ReplayedAnomaly>();
  for (const e of events) foldAnomaly(out, e, to);
  return out;
}

/** One step of `foldAnomalies`. */
export function foldAnomaly(out: Map<string, ReplayedAnomaly>, e: Envelope, to: Date): void {
  if (!DETECTION.has(e.type) || Date.parse(e.occurredAt) >= to.getTime()) return;
  const data = e.data as AnomalyAlert;
  const before = out.get(data.anomalyId);
  out.set(data.anomalyId, {
    anomalyId: data.anomalyId,
    ruleId: data.ruleId,
    ruleVersion: data.ruleVersion,
    siteId: e.siteId,
    key: data.key,
    severity: data.severity,
    status: e.type === 'anomaly.alert.resolved' ? 'resolved' : 'open',
    count: data.count ?? before?.count ?? 1,
    firstSeenAt: data.firstSeenAt ?? before?.firstSeenAt ?? e.occurredAt,
    lastSeenAt: data.lastSeenAt ?? e.occurredAt,
  });
}

/** Those first seen in `[from, to)`, by anomaly id. */
export function raisedWithin(anomalies: Iterable<ReplayedAnomaly>, from: Date, to: Date): ReplayedAnomaly[] {
  return [...anomalies]
    .filter((a) => Date.parse(a.firstSeenAt) >= from.getTime() && Date.parse(a.firstSeenAt) < to.getTime())
    .sort((a, b) => (a.anomalyId < b.anomalyId ? -1 : a.anomalyId > b.anomalyId ? 1 : 0));
}

const facts = (a: ReplayedAnomaly) => ({ severity: a.severity, status: a.status, count: a.count });

/** Recorded against replayed, by anomaly id (the same rule, key and first evidence give the same id). */
export function diffAnomalies(recorded: readonly ReplayedAnomaly[], replayed: readonly ReplayedAnomaly[]): ReplayResult['diff'] {
  const byId = new Map(recorded.map((a) => [a.anomalyId, a]));
  const replayedIds = new Set(replayed.map((a) => a.anomalyId));
  const same: string[] = [];
  const changed: ReplayResult['diff']['changed'] = [];
  const onlyInReplay: ReplayedAnomaly[] = [];
  for (const a of replayed) {
    const r = byId.get(a.anomalyId);
    if (!r) onlyInReplay.push(a);
    else if (JSON.stringify(facts(r)) === JSON.stringify(facts(a))) same.push(a.anomalyId);
    else changed.push({ anomalyId: a.anomalyId, ruleId: a.ruleId, key: a.key, recorded: facts(r), replayed: facts(a) });
  }
  const onlyRecorded = recorded.filter((a) => !replayedIds.has(a.anomalyId));
  const counts = new Map<string, { ruleId: string; severity: Severity; recorded: number; replayed: number }>();
  const count = (a: ReplayedAnomaly, side: 'recorded' | 'replayed') => {
    const k = `${a.ruleId}\u0000${a.severity}`;
    const row = counts.get(k) ?? { ruleId: a.ruleId, severity: a.severity, recorded: 0, replayed: 0 };
    row[side] += 1;
    counts.set(k, row);
  };
  recorded.forEach((a) => count(a, 'recorded'));
  replayed.forEach((a) => count(a, 'replayed'));
  const byRule = [...counts.values()].sort((a, b) => (a.ruleId === b.ruleId ? a.severity.localeCompare(b.severity) : a.ruleId < b.ruleId ? -1 : 1));
  return { same, changed, onlyInReplay, onlyRecorded, byRule, empty: changed.length + onlyInReplay.length + onlyRecorded.length === 0 };
}
