import { z } from 'zod';
import { Euros, NonNegativeEuros } from '../money';
import { Token } from '../ids';

export const PaymentMethod = z.enum(['cash', 'card', 'check', 'other']);
export type PaymentMethod = z.infer<typeof PaymentMethod>;

export const CashSessionOpenedV1 = z
  .object({ sessionId: Token, registerId: Token, operatorId: Token, openingAmount: NonNegativeEuros })
  .strict();

export const CashSaleRecordedV1 = z
  .object({
    sessionId: Token,
    registerId: Token,
    saleId: Token,
    amount: NonNegativeEuros,
    paymentMethod: PaymentMethod,
    itemCount: z.number().int().nonnegative(),
  })
  .strict();

export const CashSessionClosedV1 = z
  .object({
    sessionId: Token,
    registerId: Token,
    operatorId: Token,
    openingAmount: NonNegativeEuros,
    cashSales: NonNegativeEuros,
    expectedCash: NonNegativeEuros,
    countedCash: NonNegativeEuros,
    variance: Euros,
    totalSales: NonNegativeEuros,
    salesCount: z.number().int().nonnegative(),
    comment: z.string().max(2000).optional(),
  })
  .strict()
  .superRefine((d, ctx) => {
    const cents = (v: number) => Math.round(v * 100);
    if (cents(d.expectedCash) !== cents(d.openingAmount) + cents(d.cashSales)) {
      ctx.addIssue({ code: 'custom', path: ['expectedCash'], message: 'must equal openingAmount + cashSales' });
    }
    if (cents(d.variance) !== cents(d.countedCash) - cents(d.expectedCash)) {
      ctx.addIssue({ code: 'custom', path: ['variance'], message: 'must equal countedCash - expectedCash' });
    }
  });

export type CashSessionOpened = z.infer<typeof CashSessionOpenedV1>;
export type CashSaleRecorded = z.infer<typeof CashSaleRecordedV1>;
export type CashSessionClosed = z.infer<typeof CashSessionClosedV1>;
