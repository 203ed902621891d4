import { createEvent } from '@vigie/contracts';
import { authKpiProjection } from './auth-kpi.projection';
import { KpiDelta } from './kpi-delta';

const meta = { source: 'gateway', siteId: 'site-1', occurredAt: '2026-06-10T08:00:00.000Z' };

describe('auth KPI projection', () => {
  it('counts logins per channel, never per principal', () => {
    const events = [
      createEvent('auth.login.succeeded', { principal: 'p-a1', channel: 'web' }, meta),
      createEvent('auth.login.failed', { principal: 'p-a1', channel: 'web', reason: 'bad-password' }, meta),
      createEvent('auth.login.failed', { principal: 'p-b2', channel: 'web', reason: 'bad-password' }, meta),
      createEvent('auth.login.succeeded', { principal: 'p-b2', channel: 'telegram' }, meta),
    ];
    const rows = events.reduce((d, e) => authKpiProjection.evolve(d, e), new KpiDelta()).rows();
    expect(rows.map((r) => [r.key, r.counters])).toEqual([
      ['telegram', { loginsSucceeded: 1 }],
      ['web', { loginsSucceeded: 1, loginsFailed: 2 }],
    ]);
    expect(JSON.stringify(rows)).not.toContain('p-a1');
  });
});
