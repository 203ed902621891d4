import { centsToEuros } from '@vigie/contracts';
import type { SessionFigures } from '../domain/cash-session';
import type { CashSession } from '../entities/cash-session.entity';

/** A session as the REST API returns it: money in euros. */
export interface SessionView {
  sessionId: string;
  siteId: string;
  registerId: string;
  operatorId: string;
  status: 'open' | 'closed';
  openingAmount: number;
  cashSales: number;
  totalSales: number;
  salesCount: number;
  openedAt: string;
  closedAt?: string;
  expectedCash?: number;
  countedCash?: number;
  variance?: number;
  comment?: string;
}

export function figuresOf(session: CashSession): SessionFigures {
  return {
    status: session.status,
    openingCents: session.openingCents,
    cashSalesCents: session.cashSalesCents,
    totalSalesCents: session.totalSalesCents,
    salesCount: session.salesCount,
  };
}

export function toSessionView(s: CashSession): SessionView {
  const euros = (cents: number | null | undefined) => (cents === null || cents === undefined ? undefined : centsToEuros(cents));
  const view: SessionView = {
    sessionId: s.id,
    siteId: s.siteId,
    registerId: s.registerId,
    operatorId: s.operatorId,
    status: s.status,
    openingAmount: centsToEuros(s.openingCents),
    cashSales: centsToEuros(s.cashSalesCents),
    totalSales: centsToEuros(s.totalSalesCents),
    salesCount: s.salesCount,
    openedAt: s.openedAt.toISOString(),
  };
  if (s.status === 'closed') {
    Object.assign(view, {
      closedAt: s.closedAt?.toISOString(),
      expectedCash: euros(s.expectedCents),
      countedCash: euros(s.countedCents),
      variance: euros(s.varianceCents),
      ...(s.comment ? { comment: s.comment } : {}),
    });
  }
  return view;
}
