import { CashRefusal, closeSession, openSession, recordSale, type SessionFigures } from './cash-session';

const given = (openingCents: number, ...sales: [number, 'cash' | 'card' | 'check' | 'other'][]): SessionFigures =>
  sales.reduce((s, [amountCents, paymentMethod]) => recordSale(s, { amountCents, paymentMethod }), openSession(openingCents));

const refusal = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (e) {
    if (e instanceof CashRefusal) return e.code;
    throw e;
  }
  return undefined;
};

describe('cash session arithmetic', () => {
  it('counts every sale in the totals but only cash sales in the drawer', () => {
    const s = given(10000, [2000, 'cash'], [3550, 'card'], [1000, 'check'], [250, 'other'], [1, 'cash']);
    expect(s).toEqual({ status: 'open', openingCents: 10000, cashSalesCents: 2001, totalSalesCents: 6801, salesCount: 5 });
  });

  it('expects opening + cash sales and reports a shortfall as a negative variance', () => {
    const { closing, session } = closeSession(given(10000, [2000, 'cash'], [3550, 'card']), {
      countedCents: 10500,
      comment: 'billet manquant',
    });
    expect(closing).toEqual({ expectedCents: 12000, countedCents: 10500, varianceCents: -1500, comment: 'billet manquant' });
    expect(session.status).toBe('closed');
  });

  it('reports a surplus as a positive variance', () => {
    const { closing } = closeSession(given(5000, [1234, 'cash']), { countedCents: 6300, comment: 'pièce trouvée' });
    expect(closing.varianceCents).toBe(66);
  });

  it('needs no comment for an exact count or a one-cent difference', () => {
    expect(closeSession(given(5000), { countedCents: 5000 }).closing).toEqual({
      expectedCents: 5000,
      countedCents: 5000,
      varianceCents: 0,
    });
    expect(closeSession(given(5000), { countedCents: 4999 }).closing.varianceCents).toBe(-1);
    expect(closeSession(given(5000), { countedCents: 5001 }).closing.varianceCents).toBe(1);
  });

  it('refuses a variance above one cent without a comment, blank counts as none', () => {
    expect(refusal(() => closeSession(given(5000), { countedCents: 4998 }))).toBe('cash.comment-required');
    expect(refusal(() => closeSession(given(5000), { countedCents: 5002, comment: '   ' }))).toBe('cash.comment-required');
  });

  it('refuses sales and closings once closed', () => {
    const { session } = closeSession(given(0), { countedCents: 0 });
    expect(refusal(() => recordSale(session, { amountCents: 100, paymentMethod: 'cash' }))).toBe('cash.session-not-open');
    expect(refusal(() => closeSession(session, { countedCents: 0 }))).toBe('cash.session-not-open');
  });
});
