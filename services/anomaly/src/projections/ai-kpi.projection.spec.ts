import { createEvent } from '@vigie/contracts';
import { aiKpiProjection } from './ai-kpi.projection';
import { KpiDelta } from './kpi-delta';

const meta = { source: 'ai', siteId: 'site-1', occurredAt: '2026-06-10T08:00:00.000Z' };
let n = 0;
const ids = () => ({ depositId: `dep-${++n}`, requestId: `req-${n}` });

const completed = (confidence: number, latencyMs: number, model = 'm-1') =>
  createEvent('ai.classification.completed', { ...ids(), model, category: 'tools', confidence, latencyMs }, meta);

describe('AI KPI projection', () => {
  it('counts classifications, low confidence (< 0.70), failures and corrections per model, with latency sum and histogram', () => {
    const events = [
      completed(0.95, 800),
      completed(0.7, 1200),
      completed(0.69, 2600),
      createEvent('ai.classification.failed', { ...ids(), model: 'm-1', latencyMs: 31000, error: { code: 'ai.timeout', message: 't' } }, meta),
      createEvent(
        'ai.classification.corrected',
        { depositId: 'dep-1', requestId: 'req-1', model: 'm-1', fromCategory: 'tools', toCategory: 'toys' },
        meta,
      ),
      completed(0.9, 100, 'm-2'),
    ];
    const rows = events.reduce((d, e) => aiKpiProjection.evolve(d, e), new KpiDelta()).rows();
    expect(rows.map((r) => [r.key, r.counters])).toEqual([
      [
        'm-1',
        {
          classifications: 3,
          lowConfidence: 1,
          failures: 1,
          corrections: 1,
          latencyCount: 4,
          latencySumMs: 800 + 1200 + 2600 + 31000,
          latencyLe1000Ms: 1,
          latencyLe2000Ms: 1,
          latencyLe3000Ms: 1,
          latencyOverMs: 1,
        },
      ],
      ['m-2', { classifications: 1, latencyCount: 1, latencySumMs: 100, latencyLe250Ms: 1 }],
    ]);
  });
});
