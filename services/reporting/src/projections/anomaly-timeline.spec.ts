import { createEvent, type AnomalyAlert, type AnomalyEventType } from '@vigie/contracts';
import { evolveTimeline } from './anomaly-timeline';

const alert = (type: AnomalyEventType, occurredAt: string, extra: Partial<AnomalyAlert> = {}) =>
  createEvent(
    type,
    {
      anomalyId: 'anm-1',
      ruleId: 'cash.variance',
      ruleVersion: 1,
      severity: 'warning',
      key: 'reg-1',
      title: 'Écart',
      summary: '',
      evidence: [],
      details: {},
      firstSeenAt: '2026-03-29T21:30:00.000Z',
      ...extra,
    },
    { source: 'anomaly', siteId: 'site-1', occurredAt },
  );

describe('evolveTimeline (anomaly_timeline projection)', () => {
  const raised = alert('anomaly.alert.raised', '2026-03-29T21:30:00.000Z');

  it('records the raise with its Europe/Paris day', () => {
    expect(evolveTimeline(undefined, raised)).toEqual({
      anomalyId: 'anm-1',
      ruleId: 'cash.variance',
      siteId: 'site-1',
      severity: 'warning',
      raisedAt: '2026-03-29T21:30:00.000Z',
      // 23:30 in Paris (summer time since that morning): still Sunday.
      raisedDay: '2026-03-29',
      acknowledgedAt: null,
      acknowledgedDay: null,
      resolvedAt: null,
      resolvedDay: null,
    });
  });

  it('keeps the first acknowledgement and the resolution time the event gives', () => {
    const afterRaise = evolveTimeline(undefined, raised)!;
    const acked = evolveTimeline(afterRaise, alert('anomaly.alert.acknowledged', '2026-03-29T22:15:00.000Z', { by: 'p-1' }))!;
    expect(acked).toMatchObject({ acknowledgedAt: '2026-03-29T22:15:00.000Z', acknowledgedDay: '2026-03-30' });
    expect(evolveTimeline(acked, alert('anomaly.alert.acknowledged', '2026-03-31T08:00:00.000Z', { by: 'p-2' }))).toBeUndefined();
    const resolved = evolveTimeline(acked, alert('anomaly.alert.resolved', '2026-04-01T10:00:00.000Z', { resolvedAt: '2026-04-01T09:00:00.000Z' }))!;
    expect(resolved).toMatchObject({ resolvedAt: '2026-04-01T09:00:00.000Z', resolvedDay: '2026-04-01', acknowledgedDay: '2026-03-30' });
  });

  it('changes nothing when the same event comes again (redelivery)', () => {
    const once = evolveTimeline(undefined, raised)!;
    expect(evolveTimeline(once, raised)).toBeUndefined();
    expect(evolveTimeline(once, alert('anomaly.alert.updated', '2026-03-30T08:00:00.000Z', { count: 2 }))).toBeUndefined();
  });

  it('knows the raise time from a later event when it never saw the raise', () => {
    expect(evolveTimeline(undefined, alert('anomaly.alert.resolved', '2026-03-30T08:00:00.000Z', { severity: 'critical' }))).toMatchObject({
      raisedAt: '2026-03-29T21:30:00.000Z',
      severity: 'critical',
      resolvedAt: '2026-03-30T08:00:00.000Z',
    });
  });

  it('takes the severity of the raise, not of a later escalation', () => {
    const once = evolveTimeline(undefined, raised)!;
    expect(evolveTimeline(once, alert('anomaly.alert.updated', '2026-03-30T08:00:00.000Z', { severity: 'critical' }))).toBeUndefined();
  });
});
