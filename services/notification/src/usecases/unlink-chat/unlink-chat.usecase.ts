import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { DomainError } from '@vigie/health';
import { ChatRow } from '../../entities/chat.entity';

/** The chat stops receiving and may no longer use commands; its pending deliveries fail as unlinked. */
@Injectable()
export class UnlinkChat {
  constructor(private readonly em: EntityManager) {}

  async execute(chatId: string): Promise<void> {
    const em = this.em.fork();
    const chat = await em.findOne(ChatRow, { chatId, active: true });
    if (!chat) throw new DomainError('chat.not-found', `no linked chat ${chatId}`, 404);
    chat.active = false;
    chat.unlinkedAt = new Date();
    await em.flush();
  }
}
