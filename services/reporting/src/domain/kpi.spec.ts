import { kpi, latencyPercentile } from './kpi';

describe('kpi (week over week)', () => {
  it('gives the change in the unit and relative to the week before', () => {
    expect(kpi(12, 8, 'count')).toEqual({ value: 12, previous: 8, change: 4, changePct: 0.5 });
    expect(kpi(10.1, 12.345, 'euros')).toEqual({ value: 10.1, previous: 12.35, change: -2.25, changePct: -0.1822 });
    expect(kpi(0.123456, 0.1, 'ratio')).toEqual({ value: 0.1235, previous: 0.1, change: 0.0235, changePct: 0.235 });
  });

  it('has no relative change from zero, and nothing to compare with null', () => {
    expect(kpi(3, 0, 'count')).toEqual({ value: 3, previous: 0, change: 3, changePct: null });
    expect(kpi(null, 0.2, 'ratio')).toEqual({ value: null, previous: 0.2, change: null, changePct: null });
  });
});

describe('latencyPercentile (kpi_daily histogram)', () => {
  it('is the upper bound of the bucket of the nearest-rank sample', () => {
    expect(latencyPercentile({ latencyLe250Ms: 94, latencyLe3000Ms: 6 }, 95)).toBe(3000);
    expect(latencyPercentile({ latencyLe250Ms: 95, latencyLe3000Ms: 5 }, 95)).toBe(250);
    expect(latencyPercentile({ latencyLe10000Ms: 1, latencyLe500Ms: 1 }, 50)).toBe(500);
  });

  it('is null without samples or beyond the last bound', () => {
    expect(latencyPercentile({ classifications: 3 }, 95)).toBeNull();
    expect(latencyPercentile({ latencyLe250Ms: 1, latencyOverMs: 9 }, 95)).toBeNull();
  });
});
