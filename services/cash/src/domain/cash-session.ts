import type { PaymentMethod } from '@vigie/contracts';

/** A cash-rule refusal, in domain terms; the use cases give it an HTTP status. */
export class CashRefusal extends Error {
  constructor(
    readonly code: 'cash.session-not-open' | 'cash.comment-required',
    message: string,
  ) {
    super(message);
    this.name = 'CashRefusal';
  }
}

/** Running figures of one session, all money in integer cents. */
export interface SessionFigures {
  status: 'open' | 'closed';
  openingCents: number;
  /** Sales paid in cash: the only ones that enter the drawer. */
  cashSalesCents: number;
  totalSalesCents: number;
  salesCount: number;
}

export interface Closing {
  expectedCents: number;
  countedCents: number;
  varianceCents: number;
  comment?: string;
}

/** Above this many cents of difference, the cashier must explain the count (DOMAIN.md). */
export const COMMENT_THRESHOLD_CENTS = 1;

export function openSession(openingCents: number): SessionFigures {
  return { status: 'open', openingCents, cashSalesCents: 0, totalSalesCents: 0, salesCount: 0 };
}

export function recordSale(session: SessionFigures, sale: { amountCents: number; paymentMethod: PaymentMethod }): SessionFigures {
  assertOpen(session);
  return {
    ...session,
    cashSalesCents: session.cashSalesCents + (sale.paymentMethod === 'cash' ? sale.amountCents : 0),
    totalSalesCents: session.totalSalesCents + sale.amountCents,
    salesCount: session.salesCount + 1,
  };
}

/** expectedCash = opening float + cash sales only; variance = counted − expected. */
export function closeSession(
  session: SessionFigures,
  count: { countedCents: number; comment?: string },
): { session: SessionFigures; closing: Closing } {
  assertOpen(session);
  const expectedCents = session.openingCents + session.cashSalesCents;
  const varianceCents = count.countedCents - expectedCents;
  const comment = count.comment?.trim() || undefined;
  if (Math.abs(varianceCents) > COMMENT_THRESHOLD_CENTS && !comment) {
    throw new CashRefusal('cash.comment-required', 'a closing with a variance above 0.01 € needs a comment');
  }
  return {
    session: { ...session, status: 'closed' },
    closing: { expectedCents, countedCents: count.countedCents, varianceCents, ...(comment ? { comment } : {}) },
  };
}

function assertOpen(session: SessionFigures): void {
  if (session.status !== 'open') throw new CashRefusal('cash.session-not-open', 'the session is closed');
}
