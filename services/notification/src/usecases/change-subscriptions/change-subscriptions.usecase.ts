import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { DomainError } from '@vigie/health';
import { ChatStore } from '../../chats/chat-store';
import { isTopic, type Subscription } from '../../domain/subscriptions';
import { ChatRow } from '../../entities/chat.entity';

/** Replaces a chat's whole subscription list (dashboard) or sets one topic (bot). */
@Injectable()
export class ChangeSubscriptions {
  constructor(
    private readonly em: EntityManager,
    private readonly chats: ChatStore,
  ) {}

  async execute(chatId: string, change: { replace: Subscription[] } | { set: Subscription }): Promise<Subscription[]> {
    const subs = 'replace' in change ? change.replace : [change.set];
    for (const s of subs) {
      if (!isTopic(s.topic)) throw new DomainError('subscription.unknown-topic', `unknown topic ${s.topic}`, 400);
    }
    const topics = subs.map((s) => s.topic);
    const twice = topics.find((t, i) => topics.indexOf(t) !== i);
    if (twice) throw new DomainError('subscription.duplicate-topic', `topic ${twice} is listed twice`, 400);
    return this.em.fork().transactional(async (em) => {
      const chat = await em.findOne(ChatRow, { chatId, active: true });
      if (!chat) throw new DomainError('chat.not-found', `no linked chat ${chatId}`, 404);
      if ('replace' in change) await this.chats.replaceSubscriptions(em, chatId, change.replace);
      else await this.chats.upsertSubscription(em, chatId, change.set);
      return this.chats.subscriptionView(chatId, em);
    });
  }
}
