import { createEvent, type Envelope, type ReplayedAnomaly } from '@vigie/contracts';
import { diffAnomalies, foldAnomalies, raisedWithin } from './replay-diff';

const alert = (type: 'raised' | 'updated' | 'resolved' | 'acknowledged', occurredAt: string, extra: Record<string, unknown> = {}) =>
  createEvent(
    `anomaly.alert.${type}`,
    {
      anomalyId: 'anm-1',
      ruleId: 'cash.variance-repeated',
      ruleVersion: 1,
      severity: 'warning',
      key: 'caisse-1',
      title: 't',
      summary: 's',
      evidence: [],
      details: {},
      ...extra,
    },
    { source: 'anomaly', siteId: 'site-1', occurredAt },
  ) as Envelope;

const a = (id: string, over: Partial<ReplayedAnomaly> = {}): ReplayedAnomaly => ({
  anomalyId: id,
  ruleId: 'cash.variance',
  ruleVersion: 1,
  siteId: 'site-1',
  key: id,
  severity: 'warning',
  status: 'open',
  count: 1,
  firstSeenAt: '2026-11-03T10:00:00.000Z',
  lastSeenAt: '2026-11-03T10:00:00.000Z',
  ...over,
});

describe('folding ANOMALY events and comparing', () => {
  it('keeps the detection state as of `to`: updates before it, not after; acknowledgements change nothing', () => {
    const events = [
      alert('raised', '2026-11-03T10:00:00.000Z', { count: 1, firstSeenAt: '2026-11-03T10:00:00.000Z' }),
      alert('acknowledged', '2026-11-03T11:00:00.000Z', { by: 'p-1' }),
      alert('updated', '2026-11-04T10:00:00.000Z', { count: 2, severity: 'critical' }),
      alert('resolved', '2026-11-10T10:00:00.000Z', { count: 2 }),
    ];
    expect(foldAnomalies(events, new Date('2026-11-09T00:00:00Z')).get('anm-1')).toMatchObject({
      status: 'open',
      severity: 'critical',
      count: 2,
      firstSeenAt: '2026-11-03T10:00:00.000Z',
    });
    expect(foldAnomalies(events, new Date('2026-11-11T00:00:00Z')).get('anm-1')?.status).toBe('resolved');
  });

  it('keeps only anomalies first seen in [from, to)', () => {
    const list = [a('x', { firstSeenAt: '2026-11-01T23:59:59.999Z' }), a('y', { firstSeenAt: '2026-11-02T00:00:00.000Z' }), a('z', { firstSeenAt: '2026-11-09T00:00:00.000Z' })];
    expect(raisedWithin(list, new Date('2026-11-02T00:00:00Z'), new Date('2026-11-09T00:00:00Z')).map((x) => x.anomalyId)).toEqual(['y']);
  });

  it('sorts anomalies into same, changed, only in the replay, only recorded, with counts per rule and severity', () => {
    const diff = diffAnomalies([a('a'), a('b'), a('c')], [a('a'), a('b', { count: 3, severity: 'critical' }), a('d')]);
    expect(diff.same).toEqual(['a']);
    expect(diff.changed).toEqual([
      { anomalyId: 'b', ruleId: 'cash.variance', key: 'b', recorded: { severity: 'warning', status: 'open', count: 1 }, replayed: { severity: 'critical', status: 'open', count: 3 } },
    ]);
    expect(diff.onlyInReplay.map((x) => x.anomalyId)).toEqual(['d']);
    expect(diff.onlyRecorded.map((x) => x.anomalyId)).toEqual(['c']);
    expect(diff.byRule).toEqual([
      { ruleId: 'cash.variance', severity: 'critical', recorded: 0, replayed: 1 },
      { ruleId: 'cash.variance', severity: 'warning', recorded: 3, replayed: 2 },
    ]);
    expect(diff.empty).toBe(false);
    expect(diffAnomalies([a('a')], [a('a')]).empty).toBe(true);
  });
});
