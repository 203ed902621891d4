import { aiLatencyRisingAnalyser as analyser } from './ai-latency-rising.analyser';
import { daily } from './test-rows';

const asOf = '2026-06-30';

/** 5 classifications a day (35 a week) at `recentMs` this week and `previousMs` the week before. */
function model(recentMs: number, previousMs: number, opts: { perDay?: number; previousPerDay?: number } = {}) {
  const day = (ms: number, count: number) => () => ({
    classifications: count,
    latencyCount: count,
    latencySumMs: ms * count,
    [`latencyLe${ms <= 1000 ? 1000 : ms <= 2000 ? 2000 : 5000}Ms`]: count,
  });
  return [
    ...daily('ai', 'llm-v2', '2026-06-23', 7, day(previousMs, opts.previousPerDay ?? 5)),
    ...daily('ai', 'llm-v2', asOf, 7, day(recentMs, opts.perDay ?? 5)),
  ];
}

describe('ai-latency-rising', () => {
  it('recommends checking the provider when the mean latency rose 1.3 times and 300 ms week over week', () => {
    const [rec, ...more] = analyser.analyse(model(1300, 900), asOf);
    expect(more).toEqual([]);
    expect(rec).toMatchObject({
      kind: 'ai-latency-rising',
      subject: 'llm-v2',
      severity: 'warning',
      title: 'IA llm-v2 : latence moyenne de 1\u202f300 ms sur 7 jours (900 ms la semaine précédente)',
      evidence: { windowDays: 7, samples: 35, meanLatencyMs: 1300, previousSamples: 35, previousMeanLatencyMs: 900, p95LatencyUpToMs: 2000 },
    });
    expect(rec.summary).toContain('95 % des classifications en moins de 2\u202f000 ms');
  });

  it('is critical above the 3 s target', () => {
    expect(analyser.analyse(model(3100, 2000), asOf)[0].severity).toBe('critical');
  });

  it.each([
    ['1.25 times slower', 1250, 1000, {}],
    ['1.5 times slower but only 250 ms more', 750, 500, {}],
    ['29 classifications this week', 2000, 900, { perDay: 4 }],
    ['28 classifications last week', 2000, 900, { previousPerDay: 4 }],
  ])('recommends nothing for %s', (_what, recent, previous, opts) => {
    expect(analyser.analyse(model(recent, previous, opts), asOf)).toEqual([]);
  });
});
