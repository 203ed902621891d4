import { createEvent, eurosToCents, centsToEuros } from '@vigie/contracts';
import { DEFAULT_RULES } from '../rules/defaults';
import { cashVarianceDetector } from './cash-variance.detector';

const rule = DEFAULT_RULES.find((r) => r.ruleId === 'cash.variance')!;

function closedWith(variance: number) {
  const expected = 162.5;
  const counted = centsToEuros(eurosToCents(expected) + eurosToCents(variance));
  return createEvent(
    'cash.session.closed',
    {
      sessionId: 'sess-1',
      registerId: 'reg-1',
      operatorId: 'op-1',
      openingAmount: 100,
      cashSales: 62.5,
      expectedCash: expected,
      countedCash: counted,
      variance,
      totalSales: 90.5,
      salesCount: 5,
      comment: 'écart',
    },
    { source: 'cash', siteId: 'site-1' },
  );
}

describe('cash.variance', () => {
  const at = { stream: 'CASH', seq: 7 };

  it.each([0, 10, -10, 9.99, -0.01])('given a closing off by %s €, raises nothing (threshold is strict)', (v) => {
    expect(cashVarianceDetector.evaluate(undefined, closedWith(v), at, rule).signals).toEqual([]);
  });

  it.each([
    [-15, 'warning'],
    [10.01, 'warning'],
    [-50, 'warning'],
    [50.01, 'critical'],
    [-50.01, 'critical'],
  ])('given a closing off by %s €, raises a %s anomaly', (v, severity) => {
    const event = closedWith(v);
    const [signal] = cashVarianceDetector.evaluate(undefined, event, at, rule).signals;
    expect(signal).toMatchObject({ kind: 'raise', key: 'sess-1', severity });
    expect(signal.kind === 'raise' && signal.evidence).toEqual([{ stream: 'CASH', seq: 7, eventId: event.id }]);
  });

  it('writes a French title and summary with amounts as 15,00 €', () => {
    const [signal] = cashVarianceDetector.evaluate(undefined, closedWith(-15), at, rule).signals;
    expect(signal.kind === 'raise' && signal.title).toBe('Écart de caisse de -15,00 € sur la caisse reg-1');
    expect(signal.kind === 'raise' && signal.summary).toContain('15,00 € manquant');
  });

  it('follows a configured threshold', () => {
    const strict = { ...rule, params: { warningAbove: 5, criticalAbove: 20 } };
    expect(cashVarianceDetector.evaluate(undefined, closedWith(-6), at, strict).signals[0]).toMatchObject({ severity: 'warning' });
    expect(cashVarianceDetector.evaluate(undefined, closedWith(-21), at, strict).signals[0]).toMatchObject({ severity: 'critical' });
  });
});
