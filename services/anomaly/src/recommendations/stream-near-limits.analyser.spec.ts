import type { Counters } from '../projections/kpi';
import { streamNearLimitsAnalyser as analyser } from './stream-near-limits.analyser';
import { daily } from './test-rows';

const asOf = '2026-06-30';
const MiB = 1_048_576;

/** Daily averages of a stream's bytes (sampled `samples` times a day) against a byte limit. */
const stream = (bytesPerDay: number[], maxBytes: number, key = 'OPS', samples = 10) =>
  daily(
    'stream',
    key,
    asOf,
    bytesPerDay.length,
    (i): Counters => ({
      samples,
      bytesSum: bytesPerDay[i] * samples,
      messagesSum: 1000 * samples,
      ...(maxBytes > 0 ? { bytesLimited: samples, maxBytesSum: maxBytes * samples } : {}),
    }),
    'global',
  );

describe('stream-near-limits', () => {
  it('recommends a stream above 80 % of its byte limit, with the numbers it rests on', () => {
    const [rec, ...more] = analyser.analyse(stream([420 * MiB, 420 * MiB, 420 * MiB], 512 * MiB), asOf);
    expect(more).toEqual([]);
    expect(rec).toMatchObject({
      kind: 'stream-near-limits',
      siteId: 'global',
      subject: 'OPS',
      severity: 'warning',
      title: 'Flux OPS à 82 % de sa limite (octets)',
      evidence: { bytesUsed: 420 * MiB, bytesLimit: 512 * MiB, bytesUsedPercent: 82, bytesGrowthPerDay: 0, bytesDaysWithSamples: 3 },
    });
    expect(rec.evidence.bytesDaysToLimit).toBeUndefined();
    expect(rec.summary).toContain('420 Mio sur 512 Mio (82 %, sans croissance)');
    expect(rec.actions.length).toBeGreaterThanOrEqual(1);
  });

  it('recommends nothing at exactly 80 %, and is critical above 95 %', () => {
    expect(analyser.analyse(stream([800, 800, 800], 1000), asOf)).toEqual([]);
    expect(analyser.analyse(stream([801], 1000), asOf)).toHaveLength(1);
    expect(analyser.analyse(stream([950], 1000), asOf)[0].severity).toBe('warning');
    expect(analyser.analyse(stream([951], 1000), asOf)[0].severity).toBe('critical');
  });

  it('recommends a stream whose growth will reach its limit within 14 days, not one that takes longer', () => {
    // 40 % used, +50 per day over 5 days: 600 left at 50/day = 12 days.
    const [rec] = analyser.analyse(stream([200, 250, 300, 350, 400], 1000), asOf);
    expect(rec).toMatchObject({ title: 'Flux OPS : limite (octets) atteinte dans 12 jours au rythme actuel', evidence: { bytesUsedPercent: 40, bytesGrowthPerDay: 50, bytesDaysToLimit: 12 } });
    // +40 per day: 15 days left.
    expect(analyser.analyse(stream([240, 280, 320, 360, 400], 1000), asOf)).toEqual([]);
    // Two days are not a trend.
    expect(analyser.analyse(stream([100, 700], 1000), asOf)).toEqual([]);
  });

  it('recommends nothing for a stream without limits, nor for samples older than two weeks', () => {
    expect(analyser.analyse(stream([10 * MiB, 20 * MiB, 40 * MiB], -1), asOf)).toEqual([]);
    const old = stream([900, 900], 1000).map((r) => ({ ...r, day: r.day.replace('2026-06', '2026-05') }));
    expect(analyser.analyse(old, asOf)).toEqual([]);
  });

  it('judges each stream on its own, and the latest day’s limit (a raised limit clears it)', () => {
    const raised = stream([900, 900, 900], 1000).map((r, i) => (i === 2 ? { ...r, counters: { ...r.counters, maxBytesSum: 10 * 5000 } } : r));
    expect(analyser.analyse([...raised, ...stream([10, 10, 10], 1000, 'CASH')], asOf)).toEqual([]);
    expect(analyser.analyse([...stream([900], 1000, 'CASH'), ...stream([10], 1000, 'SYNC')], asOf).map((r) => r.subject)).toEqual(['CASH']);
  });
});
