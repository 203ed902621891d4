import { percentile, ratio, table, verdict, type Measurement } from './measure';

describe('bench measurements', () => {
  it('takes nearest-rank percentiles, an unreceived sample (∞) included', () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    expect([percentile(values, 50), percentile(values, 95), percentile(values, 99)]).toEqual([50, 95, 99]);
    expect(percentile([3, 1, 2], 50)).toBe(2);
    expect(percentile([5, Infinity], 99)).toBe(Infinity);
    expect(percentile([], 50)).toBeNaN();
  });

  it('judges a ratio target against the ceiling measured in the same run', () => {
    const m: Measurement = { name: 'pipeline', value: 6000, unit: 'events/s', ceiling: { name: 'raw consume', value: 20000 }, target: { atLeastRatio: 0.5 } };
    expect(ratio(m)).toBeCloseTo(0.3);
    expect(verdict(m)).toBe('missed');
    expect(verdict({ ...m, value: 10000 })).toBe('met');
    expect(verdict({ ...m, ceiling: undefined })).toBe('missed');
  });

  it('judges absolute bounds; a figure that could not be measured misses its target', () => {
    expect(verdict({ name: 'p99', value: 100, unit: 'ms', target: { atMost: 100 } })).toBe('met');
    expect(verdict({ name: 'p99', value: Infinity, unit: 'ms', target: { atMost: 100 } })).toBe('missed');
    expect(verdict({ name: 'rss', value: NaN, unit: 'MB', target: { atMost: 200 } })).toBe('missed');
    expect(verdict({ name: 'raw', value: 5, unit: 'msg/s' })).toBe('');
  });

  it('prints one aligned row per figure with its ceiling, ratio, target and verdict', () => {
    const out = table([
      { name: 'raw publish', value: 20000, unit: 'msg/s' },
      { name: 'ingest', value: 12000, unit: 'events/s', ceiling: { name: 'raw publish', value: 20000 }, target: { atLeastRatio: 0.5 } },
      { name: '1 M re-detection', value: 75.5, unit: 's', projected: true, target: { atMost: 60 } },
    ]).split('\n');
    expect(out).toHaveLength(5);
    expect(out[0]).toMatch(/^measure\s+value\s+unit\s+raw ceiling \(same run\)\s+ratio\s+target\s+verdict\s+note$/);
    expect(out[3]).toMatch(/ingest\s+12 000\s+events\/s\s+20 000 \(raw publish\)\s+0\.60 ×\s+≥ 0\.5 × ceiling\s+met/);
    expect(out[4]).toMatch(/~75\.5\s+s\s+≤ 60 s\s+missed/);
  });
});
