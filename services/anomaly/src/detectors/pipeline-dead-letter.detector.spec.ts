import { DeadLetterRecordV1, type DeadLetterRecord } from '@vigie/contracts';
import { decide, type AnomalyState } from '../domain/anomaly';
import { DEFAULT_RULES } from '../rules/defaults';
import { deadLetterEvent, decodeDeadLetterEvent, streamIdOf } from './dead-letter-event';
import type { Signal } from './detector';
import { pipelineDeadLetterDetector as detector } from './pipeline-dead-letter.detector';

const rule = DEFAULT_RULES.find((r) => r.ruleId === 'pipeline.dead-letter')!;
const T0 = Date.parse('2026-11-02T08:00:00.000Z');

function record(seq: number, over: Partial<DeadLetterRecord> = {}): DeadLetterRecord {
  return DeadLetterRecordV1.parse({
    stream: 'T1A2_CASH',
    durable: 'anomaly-detectors',
    subject: 'recyclic-t1a2.cash.session.closed.site-1.reg-1',
    seq,
    deliveryCount: 1,
    reason: 'invalid event cash.session.closed v1: data.variance: Invalid input: expected number, received string',
    kind: 'invalid',
    eventId: `0193a1b2-c3d4-7e5f-8a9b-${String(seq).padStart(12, '0')}`,
    eventType: 'cash.session.closed',
    payloadBase64: 'e30=',
    payloadTruncated: false,
    deadLetteredAt: new Date(T0 + seq * 1000).toISOString(),
    ...over,
  });
}

/** Runs the detector and the lifecycle decider together, as detection does, over dead letters 1..n. */
function storm(records: DeadLetterRecord[]) {
  let open: AnomalyState | undefined;
  const transitions: string[] = [];
  const signals: Signal[] = [];
  records.forEach((r, i) => {
    const event = deadLetterEvent(r);
    const { signals: emitted } = detector.evaluate(undefined, event, { stream: 'DEADLETTER', seq: i + 1 }, rule);
    signals.push(...emitted);
    for (const s of emitted) {
      const t = decide(open, s, rule, event);
      if (!t) continue;
      transitions.push(t.type);
      open = t.state.status === 'resolved' ? undefined : t.state;
    }
  });
  return { open, transitions, signals };
}

describe('pipeline.dead-letter', () => {
  it('raises a warning for one dead letter, keyed by the source stream (without namespace) and the durable', () => {
    const { signals, transitions, open } = storm([record(7)]);
    expect(transitions).toEqual(['anomaly.alert.raised']);
    expect(signals[0]).toMatchObject({
      kind: 'raise',
      key: 'CASH_anomaly-detectors',
      severity: 'warning',
      title: 'Message mis en lettre morte : anomaly-detectors sur CASH',
    });
    expect(signals[0].kind === 'raise' && signals[0].summary).toBe(
      'anomaly-detectors a renoncé au message n° 7 de CASH (cash.session.closed) après 1 livraison(s) : ' +
        'invalid event cash.session.closed v1: data.variance: Invalid input: expected number, received string',
    );
    expect(open).toMatchObject({ count: 1, siteId: 'global', details: { stream: 'CASH', seq: 7, kind: 'invalid' } });
  });

  it('folds a storm of 1000 dead letters of one consumer into one anomaly counted 1000', () => {
    const { transitions, open } = storm(Array.from({ length: 1000 }, (_, i) => record(i + 1)));
    expect(transitions.filter((t) => t === 'anomaly.alert.raised')).toHaveLength(1);
    expect(transitions).toHaveLength(1000);
    expect(open).toMatchObject({ count: 1000, firstSeenAt: new Date(T0 + 1000).toISOString(), lastSeenAt: new Date(T0 + 1_000_000).toISOString() });
  });

  it('keeps (stream, durable) pairs apart', () => {
    const keys = storm([record(1), record(2, { durable: 'anomaly-projections' }), record(3, { stream: 'T1A2_SYNC' })]).signals.map((s) => s.key);
    expect(keys).toEqual(['CASH_anomaly-detectors', 'CASH_anomaly-projections', 'SYNC_anomaly-detectors']);
  });

  it('never repeats an e-mail address that slipped into a reason, and shortens long reasons', () => {
    const { signals } = storm([record(1, { kind: 'poison', reason: `refused for jean.dupont@example.org ${'x'.repeat(600)}` })]);
    const raise = signals[0];
    expect(raise.kind === 'raise' && raise.summary).not.toContain('@');
    expect(raise.kind === 'raise' && String(raise.details.reason).length).toBe(300);
  });

  it('adapts a record deterministically: its own time, an id from the dead-lettered message, whatever the namespace', () => {
    const a = deadLetterEvent(record(5));
    expect(a).toMatchObject({ type: 'deadletter.message.recorded', occurredAt: record(5).deadLetteredAt, siteId: 'global' });
    expect(deadLetterEvent(record(5)).id).toBe(a.id);
    expect(deadLetterEvent(record(5, { stream: 'CASH' })).id).toBe(a.id);
    expect(deadLetterEvent(record(6)).id).not.toBe(a.id);
    expect(decodeDeadLetterEvent(new TextEncoder().encode(JSON.stringify(record(5))))).toEqual(a);
    expect(() => decodeDeadLetterEvent(new TextEncoder().encode('{"stream":"CASH"}'))).toThrow(/invalid dead letter/);
    expect(streamIdOf('T1A2_DEADLETTER')).toBe('DEADLETTER');
  });
});
