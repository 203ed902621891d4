import type { Counters } from '../projections/kpi';
import { deadLettersAccumulatingAnalyser as analyser } from './dead-letters-accumulating.analyser';
import { daily } from './test-rows';

const asOf = '2026-06-30';

const letters = (perDay: number[], lastDay = asOf, durable = 'anomaly-detectors') =>
  daily('deadletter', durable, lastDay, perDay.length, (i): Counters => (perDay[i] ? { deadLetters: perDay[i], invalid: perDay[i] } : {}), 'global');

describe('dead-letters-accumulating', () => {
  it('recommends examining a consumer whose dead letters keep coming over several days', () => {
    const [rec, ...more] = analyser.analyse([...letters([1], '2026-06-20'), ...letters([0, 2, 0, 0, 1, 0, 2])], asOf);
    expect(more).toEqual([]);
    expect(rec).toMatchObject({
      kind: 'dead-letters-accumulating',
      siteId: 'global',
      subject: 'anomaly-detectors',
      severity: 'warning',
      title: '5 messages en lettres mortes en 7 jours pour le consommateur anomaly-detectors',
      evidence: { windowDays: 7, deadLetters: 5, daysWithDeadLetters: 3, invalid: 5, poison: 0, maxDeliveries: 0, previousDeadLetters: 1 },
    });
  });

  it('is critical from 50 in a week', () => {
    expect(analyser.analyse(letters([25, 25]), asOf)[0].severity).toBe('critical');
  });

  it.each([
    ['4 dead letters', [1, 1, 1, 1]],
    ['a single burst of 30 on one day', [0, 0, 30]],
  ])('recommends nothing for %s', (_what, perDay) => {
    expect(analyser.analyse(letters(perDay), asOf)).toEqual([]);
  });

  it('forgets dead letters older than 7 days', () => {
    expect(analyser.analyse(letters([3, 3], '2026-06-23'), asOf)).toEqual([]);
  });
});
