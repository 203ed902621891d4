import { aiCorrectionRateRisingAnalyser as analyser } from './ai-correction-rate-rising.analyser';
import { daily } from './test-rows';

const asOf = '2026-06-30';

/** 40 classifications a week; corrections on the first days of each week. */
function model(recent: number, previous: number, classifications = 40) {
  const day = (corrections: number, total: number) => (i: number) => ({
    classifications: Math.floor(((i + 1) * total) / 7) - Math.floor((i * total) / 7),
    corrections: i === 0 ? corrections : 0,
    lowConfidence: i === 0 ? 3 : 0,
  });
  return [...daily('ai', 'llm-v2', '2026-06-23', 7, day(previous, 40)), ...daily('ai', 'llm-v2', asOf, 7, day(recent, classifications))];
}

describe('ai-correction-rate-rising', () => {
  it('recommends reviewing the confused categories when the correction rate rose week over week', () => {
    const [rec, ...more] = analyser.analyse(model(10, 2), asOf);
    expect(more).toEqual([]);
    expect(rec).toMatchObject({
      kind: 'ai-correction-rate-rising',
      subject: 'llm-v2',
      severity: 'warning',
      title: 'IA llm-v2 : 25 % des classifications corrigées sur 7 jours (5 % la semaine précédente)',
      summary: '10 corrections pour 40 classifications des 7 derniers jours (3 à faible confiance) contre 2 pour 40 la semaine précédente.',
      evidence: {
        windowDays: 7,
        classifications: 40,
        corrections: 10,
        correctionRate: 0.25,
        lowConfidence: 3,
        previousClassifications: 40,
        previousCorrections: 2,
        previousCorrectionRate: 0.05,
      },
    });
  });

  it('is critical from 40 % corrected', () => {
    expect(analyser.analyse(model(16, 2), asOf)[0].severity).toBe('critical');
  });

  it.each([
    ['a rate not above 15 %', 6, 0, 40],
    ['a rise under 10 points', 12, 9, 40],
    ['a rate under 1.5 times the previous', 18, 13, 40],
    ['29 classifications this week', 20, 0, 29],
  ])('recommends nothing for %s', (_what, recent, previous, classifications) => {
    expect(analyser.analyse(model(recent, previous, classifications), asOf)).toEqual([]);
  });
});
