import { createEvent } from '@vigie/contracts';
import { KpiDelta } from './kpi-delta';
import { syncKpiProjection } from './sync-kpi.projection';

const meta = { source: 'sync', siteId: 'site-1', occurredAt: '2026-06-10T08:00:00.000Z' };

describe('sync KPI projection', () => {
  it('counts runs per target and sums the duration of finished ones and the items exported', () => {
    const events = [
      createEvent('sync.run.started', { runId: 'r-1', target: 'compta' }, meta),
      createEvent('sync.run.succeeded', { runId: 'r-1', target: 'compta', durationMs: 1200, itemCount: 40 }, meta),
      createEvent('sync.run.started', { runId: 'r-2', target: 'compta' }, meta),
      createEvent(
        'sync.run.failed',
        { runId: 'r-2', target: 'compta', durationMs: 30000, attempt: 1, error: { code: 'auth', message: '401' } },
        meta,
      ),
      createEvent('sync.run.succeeded', { runId: 'r-3', target: 'mail', durationMs: 10, itemCount: 1 }, meta),
    ];
    const rows = events.reduce((d, e) => syncKpiProjection.evolve(d, e), new KpiDelta()).rows();
    expect(rows).toEqual([
      {
        day: '2026-06-10',
        siteId: 'site-1',
        kind: 'sync',
        key: 'compta',
        counters: { runsStarted: 2, runsSucceeded: 1, runsFailed: 1, durationSumMs: 31200, itemCount: 40 },
      },
      { day: '2026-06-10', siteId: 'site-1', kind: 'sync', key: 'mail', counters: { runsSucceeded: 1, durationSumMs: 10, itemCount: 1 } },
    ]);
  });
});
