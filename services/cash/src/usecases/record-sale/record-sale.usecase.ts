import { businessTime } from '@vigie/health';
import { LockMode, MikroORM } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { centsToEuros, createEvent, eurosToCents, uuidv7, type PaymentMethod } from '@vigie/contracts';
import { Clock } from '../../clock';
import { recordSale } from '../../domain/cash-session';
import { CashSale } from '../../entities/cash-sale.entity';
import { CashSession } from '../../entities/cash-session.entity';
import { enqueue, OutboxRelay } from '@vigie/persistence';
import { asDomainError, beforeOpening, sessionNotFound } from '../refusals';
import { figuresOf } from '../session.view';

export interface RecordSaleCommand {
  sessionId: string;
  /** Euros, at most 2 decimals. */
  amount: number;
  paymentMethod: PaymentMethod;
  itemCount: number;
  /** When the sale was made, if not now; not before the session was opened. */
  at?: Date;
}

export interface SaleView {
  saleId: string;
  sessionId: string;
  registerId: string;
  amount: number;
  paymentMethod: PaymentMethod;
  itemCount: number;
  recordedAt: string;
}

@Injectable()
export class RecordSale {
  constructor(
    private readonly orm: MikroORM,
    private readonly relay: OutboxRelay,
    private readonly clock: Clock,
  ) {}

  async execute(cmd: RecordSaleCommand): Promise<SaleView> {
    businessTime(cmd.at, this.clock.now());
    const sale = await this.orm.em
      .fork()
      .transactional(async (em) => {
        // Row lock: concurrent sales and a closing of one session apply one after the other.
        const session = await em.findOne(CashSession, { id: cmd.sessionId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
        if (!session) throw sessionNotFound();
        // Taken once the row is locked, so the sales of one session are in the order they were applied.
        const recordedAt = cmd.at ?? this.clock.now();
        if (recordedAt < session.openedAt) throw beforeOpening();
        const amountCents = eurosToCents(cmd.amount);
        const next = recordSale(figuresOf(session), { amountCents, paymentMethod: cmd.paymentMethod });
        session.cashSalesCents = next.cashSalesCents;
        session.totalSalesCents = next.totalSalesCents;
        session.salesCount = next.salesCount;
        const created = em.create(CashSale, {
          id: uuidv7(recordedAt.getTime()),
          sessionId: session.id,
          amountCents,
          paymentMethod: cmd.paymentMethod,
          itemCount: cmd.itemCount,
          recordedAt,
        });
        enqueue(
          em,
          createEvent(
            'cash.sale.recorded',
            {
              sessionId: session.id,
              registerId: session.registerId,
              saleId: created.id,
              amount: centsToEuros(amountCents),
              paymentMethod: cmd.paymentMethod,
              itemCount: cmd.itemCount,
            },
            { source: 'cash', siteId: session.siteId, occurredAt: recordedAt },
          ),
        );
        return { ...created, registerId: session.registerId };
      })
      .catch((e) => {
        throw asDomainError(e);
      });
    this.relay.kick();
    return {
      saleId: sale.id,
      sessionId: sale.sessionId,
      registerId: sale.registerId,
      amount: centsToEuros(sale.amountCents),
      paymentMethod: sale.paymentMethod,
      itemCount: sale.itemCount,
      recordedAt: sale.recordedAt.toISOString(),
    };
  }
}
