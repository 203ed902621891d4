import { createEvent } from '@vigie/contracts';
import type { Signal } from '../detectors/detector';
import { DEFAULT_RULES } from '../rules/defaults';
import { decide } from './anomaly';
import { anomalyIdFor, deterministicEventId } from './ids';

const rule = DEFAULT_RULES[0];
const tick = (at: string) => createEvent('ops.tick.emitted', {}, { source: 'monitor', siteId: 'site-1', occurredAt: at });

const raise = (eventId: string, severity: 'warning' | 'critical' = 'warning'): Signal => ({
  kind: 'raise',
  key: 'k1',
  severity,
  title: 't',
  summary: 's',
  details: {},
  evidence: [{ stream: 'CASH', seq: 1, eventId }],
});

describe('decide', () => {
  it('given no open anomaly, when a rule fires, raises one with an id derived from rule, key and evidence', () => {
    const cause = tick('2026-11-30T09:00:00.000Z');
    const t = decide(undefined, raise(cause.id), rule, cause)!;
    expect(t.type).toBe('anomaly.alert.raised');
    expect(t.data.anomalyId).toBe(anomalyIdFor('cash.variance', 'k1', cause.id));
    expect(t.eventId).toBe(deterministicEventId(t.data.anomalyId, 'anomaly.alert.raised', cause.id));
    expect(t.occurredAt).toBe('2026-11-30T09:00:00.000Z');
    expect(t.data).toMatchObject({ ruleVersion: 1, count: 1, severity: 'warning', firstSeenAt: cause.occurredAt });
  });

  it('is deterministic: the same inputs give the same transition', () => {
    const cause = tick('2026-11-30T09:00:00.000Z');
    expect(decide(undefined, raise(cause.id), rule, cause)).toEqual(decide(undefined, raise(cause.id), rule, cause));
  });

  it('given an open anomaly, when the rule fires again on new evidence, updates it and escalates severity', () => {
    const first = tick('2026-11-30T09:00:00.000Z');
    const open = decide(undefined, raise(first.id), rule, first)!.state;
    const second = tick('2026-11-30T10:00:00.000Z');
    const t = decide(open, raise(second.id, 'critical'), rule, second)!;
    expect(t.type).toBe('anomaly.alert.updated');
    expect(t.data).toMatchObject({ anomalyId: open.anomalyId, count: 2, severity: 'critical', lastSeenAt: second.occurredAt });
    expect(t.data.evidence.map((e) => e.eventId)).toEqual([first.id, second.id]);
  });

  it('given an open anomaly, when the same evidence comes again (redelivery), records nothing', () => {
    const first = tick('2026-11-30T09:00:00.000Z');
    const open = decide(undefined, raise(first.id), rule, first)!.state;
    expect(decide(open, raise(first.id), rule, first)).toBeUndefined();
  });

  it('given an open anomaly, when the rule resolves, closes it with its duration', () => {
    const first = tick('2026-11-30T09:00:00.000Z');
    const open = decide(undefined, raise(first.id), rule, first)!.state;
    const later = tick('2026-11-30T09:30:00.000Z');
    const t = decide(open, { kind: 'resolve', key: 'k1', evidence: [] }, rule, later)!;
    expect(t.type).toBe('anomaly.alert.resolved');
    expect(t.data).toMatchObject({ resolvedAt: later.occurredAt, durationMs: 30 * 60 * 1000 });
    expect(decide(undefined, { kind: 'resolve', key: 'k1', evidence: [] }, rule, later)).toBeUndefined();
  });
});
