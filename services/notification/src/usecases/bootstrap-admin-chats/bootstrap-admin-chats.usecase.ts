import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { ChatStore } from '../../chats/chat-store';
import { NOTIFICATION_CONFIG, type NotificationConfig } from '../../config';
import { ChatRow } from '../../entities/chat.entity';

/**
 * TELEGRAM_ADMIN_CHAT_IDS are linked at boot, before any consumer starts, with the default
 * subscriptions (kept as they were on a restart). A chat bootstrapped earlier and since removed
 * from the list is unlinked; chats linked with a code are the dashboard's business.
 */
@Injectable()
export class BootstrapAdminChats implements OnModuleInit {
  private readonly logger = new Logger(BootstrapAdminChats.name);

  constructor(
    private readonly em: EntityManager,
    private readonly chats: ChatStore,
    @Inject(NOTIFICATION_CONFIG) private readonly config: NotificationConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    if (!this.config.TELEGRAM_BOT_TOKEN) return;
    await this.execute(this.config.TELEGRAM_ADMIN_CHAT_IDS);
  }

  async execute(chatIds: readonly string[]): Promise<void> {
    await this.em.fork().transactional(async (em) => {
      // Boots of several instances serialize here instead of racing on the same inserts.
      await em.execute(`select pg_advisory_xact_lock(hashtext('vigie.notification.bootstrap-chats'))`);
      for (const chatId of chatIds) await this.chats.link(em, chatId, 'env', null);
      const stale = await em.find(ChatRow, { linkedVia: 'env', active: true, chatId: { $nin: [...chatIds] } });
      for (const chat of stale) {
        chat.active = false;
        chat.unlinkedAt = new Date();
      }
      await em.flush();
      if (stale.length > 0) this.logger.log(`${stale.length} chat(s) no longer in TELEGRAM_ADMIN_CHAT_IDS unlinked`);
    });
    if (this.config.TELEGRAM_BOT_TOKEN && chatIds.length === 0) {
      this.logger.warn('Telegram is on but TELEGRAM_ADMIN_CHAT_IDS is empty: only chats linked with a code receive alerts');
    }
  }
}
