import { decodeEvent, EVENT_TYPES } from '@vigie/contracts';
import { cashSessionClosed, makeEvent } from './factories';

describe('event factories', () => {
  it.each(EVENT_TYPES)('makeEvent(%s) gives a valid event with a fresh id and occurredAt', (type) => {
    const before = Date.now();
    const a = makeEvent(type);
    const b = makeEvent(type);
    expect(decodeEvent(a)).toEqual(a);
    expect(a.type).toBe(type);
    expect(a.id).not.toBe(b.id);
    expect(Date.parse(a.occurredAt)).toBeGreaterThanOrEqual(before - 1);
    expect(a.correlationId).toBeUndefined();
  });

  it('merges data overrides and meta', () => {
    const e = makeEvent('sync.run.failed', { target: 'compta', attempt: 4 }, { siteId: 'site-9', occurredAt: '2026-01-02T03:04:05.000Z' });
    expect(e.data).toMatchObject({ target: 'compta', attempt: 4 });
    expect(e).toMatchObject({ siteId: 'site-9', occurredAt: '2026-01-02T03:04:05.000Z', source: 'sync' });
  });

  it('refuses overrides that break the contract', () => {
    expect(() => makeEvent('cash.sale.recorded', { amount: -5 })).toThrow(/data\.amount/);
  });

  it('cashSessionClosed computes expectedCash and variance from cash sales only', () => {
    const e = cashSessionClosed({ registerId: 'reg-2', openingAmount: 100, cashSales: 62.3, countedCash: 150.1, totalSales: 90 });
    expect(e.type).toBe('cash.session.closed');
    expect(e.data).toMatchObject({ registerId: 'reg-2', expectedCash: 162.3, variance: -12.2, totalSales: 90, salesCount: 1 });
    expect(e.data.comment).toBeUndefined();
    expect(decodeEvent(e)).toEqual(e);
  });

  it('cashSessionClosed keeps float arithmetic out of the cents', () => {
    const e = cashSessionClosed({ registerId: 'r', openingAmount: 0.1, cashSales: 0.2, countedCash: 0.3 });
    expect(e.data.expectedCash).toBe(0.3);
    expect(e.data.variance).toBe(0);
  });
});
