import { EntitySchema, type Opt } from '@mikro-orm/core';
import type { MuteSettings } from '../domain/quiet-hours';
import type { Locale } from '../templates/i18n';

export type LinkedVia = 'env' | 'code';

/**
 * A Telegram chat allowed to receive alerts and use commands: bootstrapped from
 * TELEGRAM_ADMIN_CHAT_IDS (`env`) or linked with a one-time code (`code`). Inactive = unlinked.
 */
export class ChatRow {
  chatId!: string;
  /** HMAC of the chat id: what the chat acts as (acknowledgements, logins). */
  principal!: string;
  linkedVia!: LinkedVia;
  /** The principal that created the link code, when the dashboard gave one. */
  linkedBy?: string | null;
  active: boolean & Opt = true;
  locale!: Locale;
  timeZone!: string;
  quietStart?: number | null;
  quietEnd?: number | null;
  mutedUntil?: Date | null;
  createdAt: Date & Opt = new Date();
  updatedAt: Date & Opt = new Date();
  unlinkedAt?: Date | null;
}

export function muteSettingsOf(chat: ChatRow): MuteSettings {
  return {
    timeZone: chat.timeZone,
    quietHours: chat.quietStart != null && chat.quietEnd != null ? { start: chat.quietStart, end: chat.quietEnd } : null,
    mutedUntil: chat.mutedUntil ?? null,
  };
}

export const ChatSchema = new EntitySchema<ChatRow>({
  class: ChatRow,
  tableName: 'chat',
  properties: {
    chatId: { type: 'string', primary: true },
    principal: { type: 'string' },
    linkedVia: { type: 'string' },
    linkedBy: { type: 'string', nullable: true },
    active: { type: 'boolean' },
    locale: { type: 'string' },
    timeZone: { type: 'string' },
    quietStart: { type: 'smallint', nullable: true },
    quietEnd: { type: 'smallint', nullable: true },
    mutedUntil: { type: 'datetime', nullable: true },
    createdAt: { type: 'datetime' },
    updatedAt: { type: 'datetime', onUpdate: () => new Date() },
    unlinkedAt: { type: 'datetime', nullable: true },
  },
});
