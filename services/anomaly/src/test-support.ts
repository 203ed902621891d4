import { centsToEuros, createEvent, eurosToCents } from '@vigie/contracts';

interface ClosingFields {
  sessionId: string;
  registerId: string;
  /** Counted minus expected cash, in euros. */
  variance: number;
  totalSales?: number;
  salesCount?: number;
}

/** A `cash.session.closed` of a register that expected 150 € in cash and counted 150 € + `variance`. */
export function sessionClosed(
  { sessionId, registerId, variance, totalSales = 80, salesCount = 4 }: ClosingFields,
  meta: { siteId?: string; occurredAt?: string } = {},
) {
  const expectedCash = 150;
  return createEvent(
    'cash.session.closed',
    {
      sessionId,
      registerId,
      operatorId: 'op-1',
      openingAmount: 100,
      cashSales: 50,
      expectedCash,
      countedCash: centsToEuros(eurosToCents(expectedCash) + eurosToCents(variance)),
      variance,
      totalSales,
      salesCount,
      ...(variance !== 0 ? { comment: 'écart' } : {}),
    },
    { source: 'cash', siteId: 'site-1', ...meta },
  );
}
