import { businessTime } from '@vigie/health';
import { MikroORM, UniqueConstraintViolationException } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { createEvent, eurosToCents, uuidv7 } from '@vigie/contracts';
import { Clock } from '../../clock';
import { openSession } from '../../domain/cash-session';
import { CashSession } from '../../entities/cash-session.entity';
import { enqueue, OutboxRelay } from '@vigie/persistence';
import { registerBusy } from '../refusals';
import { toSessionView, type SessionView } from '../session.view';

export interface OpenSessionCommand {
  siteId: string;
  registerId: string;
  operatorId: string;
  /** Euros, at most 2 decimals. */
  openingAmount: number;
  /** When the session was opened, if not now (a register syncing offline sessions). */
  at?: Date;
}

@Injectable()
export class OpenSession {
  constructor(
    private readonly orm: MikroORM,
    private readonly relay: OutboxRelay,
    private readonly clock: Clock,
  ) {}

  async execute(cmd: OpenSessionCommand): Promise<SessionView> {
    const openedAt = businessTime(cmd.at, this.clock.now());
    let session: CashSession;
    try {
      session = await this.orm.em.fork().transactional(async (em) => {
        if ((await em.count(CashSession, { siteId: cmd.siteId, registerId: cmd.registerId, status: 'open' })) > 0) {
          throw registerBusy();
        }
        const figures = openSession(eurosToCents(cmd.openingAmount));
        const created = em.create(CashSession, {
          id: uuidv7(openedAt.getTime()),
          siteId: cmd.siteId,
          registerId: cmd.registerId,
          operatorId: cmd.operatorId,
          ...figures,
          openedAt,
        });
        enqueue(
          em,
          createEvent(
            'cash.session.opened',
            { sessionId: created.id, registerId: cmd.registerId, operatorId: cmd.operatorId, openingAmount: cmd.openingAmount },
            { source: 'cash', siteId: cmd.siteId, occurredAt: openedAt },
          ),
        );
        return created;
      });
    } catch (e) {
      // Two opens racing past the count: the partial unique index refuses the second.
      if (e instanceof UniqueConstraintViolationException) throw registerBusy();
      throw e;
    }
    this.relay.kick();
    return toSessionView(session);
  }
}
