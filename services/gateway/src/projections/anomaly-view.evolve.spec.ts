import { createEvent, type AnomalyAlert, type AnomalyEventType, type Envelope } from '@vigie/contracts';
import { evolveAnomalyView, toAnomalyView, type ProjectedAnomaly } from './anomaly-view.evolve';

const alert: AnomalyAlert = {
  anomalyId: 'an-1',
  ruleId: 'cash.variance',
  ruleVersion: 1,
  severity: 'warning',
  key: 'register-1',
  title: 'Écart de caisse',
  summary: 'Caisse register-1 : écart de -23,40 €',
  evidence: [{ stream: 'CASH', seq: 12, eventId: '0193a2b4-0000-7000-8000-000000000001' }],
  details: { variance: -23.4 },
};

function event(type: AnomalyEventType, at: string, data: Partial<AnomalyAlert> = {}): Envelope<AnomalyEventType> {
  return createEvent(type, { ...alert, ...data }, { source: 'anomaly', siteId: 'site-1', occurredAt: at });
}

function given(...steps: [Envelope<AnomalyEventType>, number][]): ProjectedAnomaly | undefined {
  return steps.reduce<ProjectedAnomaly | undefined>((view, [e, seq]) => evolveAnomalyView(view, e, seq) ?? view, undefined);
}

describe('evolveAnomalyView', () => {
  const raised = event('anomaly.alert.raised', '2026-11-30T07:00:00.000Z', { firstSeenAt: '2026-11-30T06:59:00.000Z' });

  it('raised → an open view at that seq, raised at firstSeenAt', () => {
    expect(given([raised, 3])).toEqual({
      ...alert,
      status: 'open',
      siteId: 'site-1',
      count: 1,
      raisedAt: '2026-11-30T06:59:00.000Z',
      updatedAt: '2026-11-30T07:00:00.000Z',
      seq: 3,
      lastEventType: 'anomaly.alert.raised',
    });
  });

  it('updated → count, severity and texts from the event; raisedAt kept; still open', () => {
    const updated = event('anomaly.alert.updated', '2026-11-30T08:00:00.000Z', {
      severity: 'critical',
      count: 2,
      summary: 'deuxième écart',
    });
    const view = given([raised, 3], [updated, 5])!;
    expect(view).toMatchObject({
      status: 'open',
      severity: 'critical',
      count: 2,
      summary: 'deuxième écart',
      raisedAt: '2026-11-30T06:59:00.000Z',
      updatedAt: '2026-11-30T08:00:00.000Z',
      seq: 5,
      lastEventType: 'anomaly.alert.updated',
    });
  });

  it('updated without a count → previous count + 1', () => {
    expect(given([raised, 3], [event('anomaly.alert.updated', '2026-11-30T08:00:00Z'), 4])!.count).toBe(2);
  });

  it.each([
    ['anomaly.alert.acknowledged', 'acknowledged'],
    ['anomaly.alert.silenced', 'silenced'],
    ['anomaly.alert.resolved', 'resolved'],
  ] as const)('%s → status %s', (type, status) => {
    const view = given([raised, 3], [event(type, '2026-11-30T09:00:00Z'), 4])!;
    expect(view.status).toBe(status);
    expect(view.count).toBe(1);
  });

  it('a resolved anomaly stays resolved when acknowledged or silenced afterwards', () => {
    const view = given(
      [raised, 1],
      [event('anomaly.alert.resolved', '2026-11-30T09:00:00Z'), 2],
      [event('anomaly.alert.acknowledged', '2026-11-30T09:01:00Z'), 3],
      [event('anomaly.alert.silenced', '2026-11-30T09:02:00Z'), 4],
    )!;
    expect(view.status).toBe('resolved');
    expect(view.seq).toBe(4);
  });

  it('ignores an event at or below the view seq (delivered twice, replayed)', () => {
    const once = given([raised, 3])!;
    expect(evolveAnomalyView(once, raised, 3)).toBeUndefined();
    expect(evolveAnomalyView(once, event('anomaly.alert.resolved', '2026-11-30T09:00:00Z'), 2)).toBeUndefined();
  });

  it('starts a view from a later event when the raise is not in the stream any more', () => {
    const view = given([event('anomaly.alert.acknowledged', '2026-11-30T09:00:00Z'), 7])!;
    expect(view).toMatchObject({ status: 'acknowledged', count: 1, raisedAt: '2026-11-30T09:00:00Z', seq: 7 });
  });

  it('the DTO drops the projection-only field', () => {
    const dto = toAnomalyView(given([raised, 3])!);
    expect(dto).not.toHaveProperty('lastEventType');
    expect(dto.seq).toBe(3);
  });
});
