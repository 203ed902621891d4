import type { AnomalyPush, AnomalyView } from '@vigie/contracts';

export function view(overrides: Partial<AnomalyView> & Pick<AnomalyView, 'anomalyId' | 'seq'>): AnomalyView {
  return {
    ruleId: 'cash.variance',
    ruleVersion: 1,
    severity: 'warning',
    status: 'open',
    siteId: 'site-1',
    key: 'register-1',
    title: 'Écart de caisse',
    summary: 'Caisse register-1 : écart de -23,40 €',
    evidence: [],
    details: {},
    count: 1,
    raisedAt: '2026-11-30T07:00:00.000Z',
    updatedAt: '2026-11-30T07:00:00.000Z',
    ...overrides,
  };
}

export function push(anomaly: AnomalyView, eventType = 'anomaly.alert.raised'): AnomalyPush {
  return { seq: anomaly.seq, eventType, anomaly };
}
