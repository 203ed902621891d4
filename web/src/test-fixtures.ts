import type { AnomalyPush, AnomalyView, LoginResponse } from '@vigie/contracts';

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

/** A login answer whose token expires `ttlMs` from now. */
export function loginResponse(token = 'token-1', ttlMs = 15 * 60_000): LoginResponse {
  return {
    token,
    expiresAt: new Date(Date.now() + ttlMs).toISOString(),
    account: { id: '0193a2b4-0000-7000-8000-000000000001', login: 'marie', role: 'admin' },
  };
}
