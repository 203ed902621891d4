import { latencyBucket, latencyPercentile, parisDay } from './kpi';

describe('parisDay', () => {
  it.each([
    ['2026-06-30T21:59:59.999Z', '2026-06-30'],
    ['2026-06-30T22:00:00.000Z', '2026-07-01'],
    ['2026-11-30T22:59:59.000Z', '2026-11-30'],
    ['2026-11-30T23:00:00.000Z', '2026-12-01'],
    // The night the clocks go back: 00:30 UTC is 02:30 CEST on 25 October.
    ['2026-10-25T00:30:00.000Z', '2026-10-25'],
    ['2026-10-24T21:59:00.000Z', '2026-10-24'],
  ])('puts %s on %s (Europe/Paris, summer and winter time)', (instant, day) => {
    expect(parisDay(instant)).toBe(day);
  });

  it('answers every minute of a year the way the calendar does, remembered answers included', () => {
    const direct = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' });
    for (let pass = 0; pass < 2; pass++) {
      for (let t = Date.parse('2026-01-01T00:00:00Z'); t < Date.parse('2027-01-01T00:00:00Z'); t += 60_000 * 7) {
        expect(parisDay(new Date(t))).toBe(direct.format(new Date(t)));
      }
    }
  });
});

describe('latency histogram', () => {
  it.each([
    [0, 'latencyLe250Ms'],
    [250, 'latencyLe250Ms'],
    [251, 'latencyLe500Ms'],
    [3000, 'latencyLe3000Ms'],
    [30000, 'latencyLe30000Ms'],
    [30001, 'latencyOverMs'],
  ])('files %s ms under %s', (ms, bucket) => {
    expect(latencyBucket(ms)).toBe(bucket);
  });

  it('reads p50 and p95 as the upper bound of the bucket holding the nearest-rank sample', () => {
    const counters = { latencyLe500Ms: 10, latencyLe1000Ms: 9, latencyLe5000Ms: 1 };
    expect(latencyPercentile(counters, 50)).toBe(500);
    expect(latencyPercentile(counters, 55)).toBe(1000);
    expect(latencyPercentile(counters, 95)).toBe(1000);
    expect(latencyPercentile(counters, 96)).toBe(5000);
  });

  it('has no percentile without samples, nor beyond the last bound', () => {
    expect(latencyPercentile({ classifications: 3 }, 50)).toBeNull();
    expect(latencyPercentile({ latencyLe250Ms: 1, latencyOverMs: 9 }, 95)).toBeNull();
  });
});
