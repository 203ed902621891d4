import { BigIntType, EntitySchema, type Opt } from '@mikro-orm/core';

export type SessionStatus = 'open' | 'closed';

export class CashSession {
  id!: string;
  siteId!: string;
  registerId!: string;
  operatorId!: string;
  status!: SessionStatus;
  openingCents!: number;
  cashSalesCents: number & Opt = 0;
  totalSalesCents: number & Opt = 0;
  salesCount: number & Opt = 0;
  openedAt!: Date;
  closedAt?: Date | null;
  expectedCents?: number | null;
  countedCents?: number | null;
  varianceCents?: number | null;
  comment?: string | null;
}

const cents = () => ({ type: new BigIntType('number') });

export const CashSessionSchema = new EntitySchema<CashSession>({
  class: CashSession,
  tableName: 'cash_session',
  properties: {
    id: { type: 'string', primary: true },
    siteId: { type: 'string' },
    registerId: { type: 'string' },
    operatorId: { type: 'string' },
    status: { type: 'string' },
    openingCents: cents(),
    cashSalesCents: cents(),
    totalSalesCents: cents(),
    salesCount: { type: 'integer' },
    openedAt: { type: 'datetime' },
    closedAt: { type: 'datetime', nullable: true },
    expectedCents: { ...cents(), nullable: true },
    countedCents: { ...cents(), nullable: true },
    varianceCents: { ...cents(), nullable: true },
    comment: { type: 'text', nullable: true },
  },
});
