import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import { NOTIFICATION_CONFIG, type NotificationConfig } from '../config';
import { defaultSubscriptions, withDefaults, type Subscription } from '../domain/subscriptions';
import { ChatRow, type LinkedVia } from '../entities/chat.entity';
import { SubscriptionRow } from '../entities/subscription.entity';
import { ChatPrincipal } from './chat-principal';

/** Chats and their subscriptions, as the use cases read and write them. */
@Injectable()
export class ChatStore {
  constructor(
    private readonly em: EntityManager,
    private readonly principals: ChatPrincipal,
    @Inject(NOTIFICATION_CONFIG) private readonly config: NotificationConfig,
  ) {}

  async active(chatId: string, em: EntityManager = this.em.fork()): Promise<ChatRow | null> {
    return em.findOne(ChatRow, { chatId, active: true });
  }

  async activeChats(em: EntityManager = this.em.fork()): Promise<ChatRow[]> {
    return em.find(ChatRow, { active: true }, { orderBy: { createdAt: 'asc', chatId: 'asc' } });
  }

  /** The stored subscriptions of each chat (seeded with the defaults when the chat was linked). */
  async subscriptionsOf(chatIds: readonly string[], em: EntityManager = this.em.fork()): Promise<Map<string, Subscription[]>> {
    const out = new Map<string, Subscription[]>(chatIds.map((id) => [id, []]));
    if (chatIds.length === 0) return out;
    for (const row of await em.find(SubscriptionRow, { chatId: { $in: [...chatIds] } })) out.get(row.chatId)?.push(row.toSubscription());
    return out;
  }

  /** Every standard topic (stored value or default) and the rule-level overrides. */
  async subscriptionView(chatId: string, em: EntityManager = this.em.fork()): Promise<Subscription[]> {
    return withDefaults((await this.subscriptionsOf([chatId], em)).get(chatId) ?? []);
  }

  /**
   * Creates the chat with the default settings and subscriptions, or reactivates it (keeping what it
   * had chosen). Runs in the caller's transaction.
   */
  async link(em: EntityManager, chatId: string, via: LinkedVia, linkedBy: string | null): Promise<{ chat: ChatRow; created: boolean }> {
    const existing = await em.findOne(ChatRow, { chatId });
    if (existing) {
      const reactivated = !existing.active;
      existing.active = true;
      existing.unlinkedAt = null;
      if (reactivated) {
        existing.linkedVia = via;
        existing.linkedBy = linkedBy;
      }
      await em.flush();
      return { chat: existing, created: false };
    }
    const chat = em.create(ChatRow, {
      chatId,
      principal: this.principals.of(chatId),
      linkedVia: via,
      linkedBy,
      locale: this.config.NOTIFY_DEFAULT_LOCALE,
      timeZone: this.config.NOTIFY_DEFAULT_TIMEZONE,
    });
    // The subscriptions reference the chat, and the ORM knows no relation to order the inserts by.
    await em.flush();
    for (const sub of defaultSubscriptions()) em.create(SubscriptionRow, { chatId, ...sub });
    await em.flush();
    return { chat, created: true };
  }

  /** Replaces every subscription of a chat (in the caller's transaction). */
  async replaceSubscriptions(em: EntityManager, chatId: string, subs: readonly Subscription[]): Promise<void> {
    await em.nativeDelete(SubscriptionRow, { chatId });
    for (const sub of subs) em.create(SubscriptionRow, { chatId, ...sub });
    await em.flush();
  }

  /** Sets one topic, leaving the others as they are. */
  async upsertSubscription(em: EntityManager, chatId: string, sub: Subscription): Promise<void> {
    const row = await em.findOne(SubscriptionRow, { chatId, topic: sub.topic });
    if (row) Object.assign(row, sub);
    else em.create(SubscriptionRow, { chatId, ...sub });
    await em.flush();
  }
}
