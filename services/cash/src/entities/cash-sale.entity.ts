import { BigIntType, EntitySchema } from '@mikro-orm/core';
import type { PaymentMethod } from '@vigie/contracts';

export class CashSale {
  id!: string;
  sessionId!: string;
  amountCents!: number;
  paymentMethod!: PaymentMethod;
  itemCount!: number;
  recordedAt!: Date;
}

export const CashSaleSchema = new EntitySchema<CashSale>({
  class: CashSale,
  tableName: 'cash_sale',
  properties: {
    id: { type: 'string', primary: true },
    sessionId: { type: 'string' },
    amountCents: { type: new BigIntType('number') },
    paymentMethod: { type: 'string' },
    itemCount: { type: 'integer' },
    recordedAt: { type: 'datetime' },
  },
});
