import { Inject, Injectable } from '@nestjs/common';
import { NOTIFICATION_CONFIG, type NotificationConfig } from '../config';
import { chatPrincipal, principalKey } from '../domain/principal';

/** The opaque principal of each chat, under this deployment's key. */
@Injectable()
export class ChatPrincipal {
  private readonly key: string;

  constructor(@Inject(NOTIFICATION_CONFIG) config: NotificationConfig) {
    this.key = principalKey({
      principalSecret: config.NOTIFY_PRINCIPAL_SECRET,
      authSecret: config.AUTH_SECRET,
      botToken: config.TELEGRAM_BOT_TOKEN,
    });
  }

  of(chatId: string | number): string {
    return chatPrincipal(this.key, String(chatId));
  }
}
