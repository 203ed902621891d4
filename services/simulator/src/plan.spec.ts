import { expectedCashCents, planSession, seededRng } from './plan';

describe('planSession', () => {
  it('is reproducible from its seed', () => {
    expect(planSession(seededRng(7))).toEqual(planSession(seededRng(7)));
    expect(planSession(seededRng(7))).not.toEqual(planSession(seededRng(8)));
  });

  it('counts only cash sales in the expected drawer', () => {
    const session = {
      openingCents: 10000,
      varianceCents: 0,
      sales: [
        { amountCents: 500, paymentMethod: 'cash' as const, itemCount: 1 },
        { amountCents: 700, paymentMethod: 'card' as const, itemCount: 1 },
        { amountCents: 300, paymentMethod: 'check' as const, itemCount: 1 },
      ],
    };
    expect(expectedCashCents(session)).toBe(10500);
  });

  it('produces mostly right drawers and some shortfalls over 10 €, more on a troubled register', () => {
    const rng = seededRng(1);
    const share = (troubled: boolean) => {
      const runs = Array.from({ length: 2000 }, () => planSession(rng, troubled));
      return runs.filter((s) => s.varianceCents < -1000).length / runs.length;
    };
    const normal = share(false);
    const troubled = share(true);
    expect(normal).toBeGreaterThan(0.01);
    expect(normal).toBeLessThan(0.08);
    expect(troubled).toBeGreaterThan(0.35);
  });
});
