import { type AnyEvent, createEvent } from '@vigie/contracts';
import { DEFAULT_RULES } from '../rules/defaults';
import type { RuleConfig } from '../rules/rule-config';
import { kindsText, runDetector } from './detector-spec-support';
import { pipelineConsumerLagDetector as detector } from './pipeline-consumer-lag.detector';

const rule = DEFAULT_RULES.find((r) => r.ruleId === 'pipeline.consumer-lag')!;
const T0 = Date.parse('2026-11-02T08:00:00.000Z');

/** A sample of `consumer` on CASH `atSeconds` after T0, with that many pending (and `ackPending`). */
function sample(atSeconds: number, pending: number, consumer = 'anomaly-detectors', ackPending = 0): AnyEvent {
  return createEvent(
    'ops.consumer.sampled',
    { stream: 'CASH', consumer, pending, ackPending, redelivered: 0 },
    { source: 'monitor', siteId: 'global', occurredAt: new Date(T0 + atSeconds * 1000).toISOString() },
  );
}

const run = (events: AnyEvent[], r: RuleConfig = rule) => runDetector(detector, events, r);

describe('pipeline.consumer-lag', () => {
  it.each([
    ['10 000 pending for two minutes (not above)', [sample(0, 10_000), sample(60, 10_000), sample(120, 10_000)], 'nothing'],
    ['10 001 pending for 59 s', [sample(0, 10_001), sample(30, 20_000), sample(59, 10_001)], 'nothing'],
    ['10 001 pending for exactly 60 s', [sample(0, 10_001), sample(60, 10_001)], 'raise:CASH_anomaly-detectors'],
    ['above, dipping to 10 000, above again for 50 s', [sample(0, 15_000), sample(30, 10_000), sample(40, 15_000), sample(90, 15_000)], 'nothing'],
    ['9 500 pending and 501 delivered unacknowledged for 60 s', [sample(0, 9_500, 'x', 501), sample(60, 9_500, 'x', 501)], 'raise:CASH_x'],
  ])('%s: %s', (_name, events, expected) => {
    expect(kindsText(run(events).signals)).toBe(expected);
  });

  it('raises once with the numbers, the crossing sample first, and resolves at the first sample at or under the threshold', () => {
    const events = [sample(0, 12_000), sample(30, 14_000), sample(60, 15_500), sample(90, 16_000), sample(120, 10_000)];
    const { signals, states } = run(events);
    expect(kindsText(signals)).toBe('raise:CASH_anomaly-detectors resolve:CASH_anomaly-detectors');
    const raise = signals[0];
    expect(raise).toMatchObject({ kind: 'raise', severity: 'warning', title: 'Consommateur en retard : anomaly-detectors sur CASH' });
    expect(raise.evidence.map((e) => e.eventId)).toEqual([events[2].id, events[0].id]);
    expect(raise.kind === 'raise' && raise.details).toMatchObject({ lag: 15_500, pending: 15_500, aboveForMs: 60_000, aboveSince: events[0].occurredAt });
    expect(raise.kind === 'raise' && raise.summary).toContain('15500 messages non acquittés');
    expect(signals[1].evidence).toEqual([{ stream: 'OPS', seq: 5, eventId: events[4].id }]);
    expect(states.size).toBe(0);
  });

  it('ignores a sample older than or as old as the last one (redelivered or late)', () => {
    const first = sample(0, 20_000);
    const events = [first, sample(60, 20_000), sample(30, 5), first];
    expect(kindsText(run(events).signals)).toBe('raise:CASH_anomaly-detectors');
  });

  it('keeps consumers apart', () => {
    expect(run([sample(0, 20_000, 'a'), sample(60, 20_000, 'b'), sample(61, 0, 'a'), sample(120, 20_000, 'b')]).signals.map((s) => s.key)).toEqual([
      'CASH_b',
    ]);
  });

  it('follows a configured threshold and duration', () => {
    const events = [sample(0, 600), sample(10, 600)];
    expect(run(events).signals).toEqual([]);
    expect(kindsText(run(events, { ...rule, params: { pendingAbove: 500, forSeconds: 10 } }).signals)).toBe('raise:CASH_anomaly-detectors');
    expect(kindsText(run([sample(0, 501)], { ...rule, params: { pendingAbove: 500, forSeconds: 0 } }).signals)).toBe('raise:CASH_anomaly-detectors');
  });

  it('is deterministic', () => {
    const events = [sample(0, 20_000), sample(60, 20_000, 'b'), sample(70, 20_000), sample(80, 1)];
    expect(run(events)).toEqual(run(events));
  });
});
