import { MikroORM } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { CashSession } from '../../entities/cash-session.entity';
import { sessionNotFound } from '../refusals';
import { toSessionView, type SessionView } from '../session.view';

@Injectable()
export class GetSession {
  constructor(private readonly orm: MikroORM) {}

  async execute(sessionId: string): Promise<SessionView> {
    const session = await this.orm.em.fork().findOne(CashSession, { id: sessionId });
    if (!session) throw sessionNotFound();
    return toSessionView(session);
  }
}
