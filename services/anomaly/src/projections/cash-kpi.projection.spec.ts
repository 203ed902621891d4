import { createEvent } from '@vigie/contracts';
import { cashSessionClosed } from '@vigie/testing';
import { cashKpiProjection } from './cash-kpi.projection';
import { KpiDelta } from './kpi-delta';

const at = { source: 'cash', siteId: 'site-1', occurredAt: '2026-06-10T08:00:00.000Z' };

function closing(countedCash: number, occurredAt = at.occurredAt) {
  return cashSessionClosed({ registerId: 'reg-1', openingAmount: 100, cashSales: 50, countedCash }, { ...at, occurredAt });
}

function sale(amount: number, paymentMethod: 'cash' | 'card' | 'check' | 'other') {
  return createEvent(
    'cash.sale.recorded',
    { sessionId: 's-1', registerId: 'reg-1', saleId: `sale-${Math.round(amount * 100)}-${paymentMethod}`, amount, paymentMethod, itemCount: 1 },
    at,
  );
}

const fold = (events: Parameters<typeof cashKpiProjection.evolve>[1][]) =>
  events.reduce((delta, e) => cashKpiProjection.evolve(delta, e), new KpiDelta()).rows();

describe('cash KPI projection', () => {
  it('counts opened and closed sessions of a register on the Paris day of the event', () => {
    const opened = createEvent(
      'cash.session.opened',
      { sessionId: 's-1', registerId: 'reg-1', operatorId: 'op-1', openingAmount: 100 },
      { ...at, occurredAt: '2026-06-10T22:30:00.000Z' },
    );
    expect(fold([opened, closing(150)])).toEqual([
      { day: '2026-06-10', siteId: 'site-1', kind: 'cash', key: 'reg-1', counters: { sessionsClosed: 1, varianceAbsCents: 0 } },
      { day: '2026-06-11', siteId: 'site-1', kind: 'cash', key: 'reg-1', counters: { sessionsOpened: 1 } },
    ]);
  });

  it('sums sales in cents, in total and per payment method', () => {
    const [row] = fold([sale(12.5, 'cash'), sale(0.1, 'cash'), sale(0.2, 'card'), sale(30, 'check'), sale(1, 'other')]);
    expect(row.counters).toEqual({
      salesCount: 5,
      salesCents: 4380,
      salesCashCents: 1260,
      salesCardCents: 20,
      salesCheckCents: 3000,
      salesOtherCents: 100,
    });
  });

  it('counts a variance strictly above 10.00 €, a shortfall separately, and sums every variance in absolute cents', () => {
    // expected cash is 150.00 €
    const [row] = fold([closing(140), closing(160), closing(139.99), closing(160.01), closing(150.5)]);
    expect(row.counters).toEqual({
      sessionsClosed: 5,
      largeVariances: 2,
      largeShortfalls: 1,
      varianceAbsCents: 1000 + 1000 + 1001 + 1001 + 50,
    });
  });

  it('ignores what it does not project', () => {
    const delta = new KpiDelta();
    const other = createEvent('sync.run.started', { runId: 'r-1', target: 'compta' }, { ...at, source: 'sync' });
    expect(cashKpiProjection.evolve(delta, other).rows()).toEqual([]);
  });
});
