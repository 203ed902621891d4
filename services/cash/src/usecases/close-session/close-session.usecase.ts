import { businessTime } from '@vigie/health';
import { LockMode, MikroORM } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { centsToEuros, createEvent, eurosToCents } from '@vigie/contracts';
import { Clock } from '../../clock';
import { closeSession } from '../../domain/cash-session';
import { CashSession } from '../../entities/cash-session.entity';
import { enqueue, OutboxRelay } from '@vigie/persistence';
import { asDomainError, beforeOpening, sessionNotFound } from '../refusals';
import { figuresOf, toSessionView, type SessionView } from '../session.view';

export interface CloseSessionCommand {
  sessionId: string;
  /** Euros counted in the drawer, at most 2 decimals. */
  countedCash: number;
  comment?: string;
  /** When the drawer was counted, if not now; not before the session was opened. */
  at?: Date;
}

@Injectable()
export class CloseSession {
  constructor(
    private readonly orm: MikroORM,
    private readonly relay: OutboxRelay,
    private readonly clock: Clock,
  ) {}

  async execute(cmd: CloseSessionCommand): Promise<SessionView> {
    businessTime(cmd.at, this.clock.now());
    const session = await this.orm.em
      .fork()
      .transactional(async (em) => {
        const session = await em.findOne(CashSession, { id: cmd.sessionId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
        if (!session) throw sessionNotFound();
        const closedAt = cmd.at ?? this.clock.now();
        if (closedAt < session.openedAt) throw beforeOpening();
        const { closing } = closeSession(figuresOf(session), { countedCents: eurosToCents(cmd.countedCash), comment: cmd.comment });
        Object.assign(session, {
          status: 'closed',
          closedAt,
          expectedCents: closing.expectedCents,
          countedCents: closing.countedCents,
          varianceCents: closing.varianceCents,
          comment: closing.comment ?? null,
        });
        enqueue(
          em,
          createEvent(
            'cash.session.closed',
            {
              sessionId: session.id,
              registerId: session.registerId,
              operatorId: session.operatorId,
              openingAmount: centsToEuros(session.openingCents),
              cashSales: centsToEuros(session.cashSalesCents),
              expectedCash: centsToEuros(closing.expectedCents),
              countedCash: centsToEuros(closing.countedCents),
              variance: centsToEuros(closing.varianceCents),
              totalSales: centsToEuros(session.totalSalesCents),
              salesCount: session.salesCount,
              ...(closing.comment ? { comment: closing.comment } : {}),
            },
            { source: 'cash', siteId: session.siteId, occurredAt: closedAt },
          ),
        );
        return session;
      })
      .catch((e) => {
        throw asDomainError(e);
      });
    this.relay.kick();
    return toSessionView(session);
  }
}
