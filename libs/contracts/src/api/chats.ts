import { z } from 'zod';
import { IsoDateTime, Severity } from '../events/common';

export const CHAT_ID_PATTERN = /^-?\d{1,20}$/;
export const ChatId = z.string().regex(CHAT_ID_PATTERN, 'must be a numeric Telegram chat id');

/** A linked chat: ids and settings, nothing personal. */
export const ChatView = z.object({
  chatId: z.string(),
  linkedVia: z.string(),
  /** Opaque principal of the admin whose link code linked the chat; null when linked from the environment. */
  linkedBy: z.string().nullable().default(null),
  linkedAt: IsoDateTime,
  locale: z.string(),
  timeZone: z.string(),
  quietHours: z.object({ start: z.string(), end: z.string() }).nullable(),
  mutedUntil: IsoDateTime.nullable(),
});
export type ChatView = z.infer<typeof ChatView>;
export const ChatListResponse = z.object({ items: z.array(ChatView) });
export type ChatListResponse = z.infer<typeof ChatListResponse>;

/** What a chat receives for one topic: a rule family (`cash.*`), one rule, `report.weekly` or `report.recommendation`. */
export const Subscription = z
  .object({ topic: z.string().min(1).max(64), enabled: z.boolean(), minSeverity: Severity, resolved: z.boolean() })
  .strict();
export type Subscription = z.infer<typeof Subscription>;
export const SubscriptionsResponse = z.object({ chatId: z.string(), items: z.array(Subscription.strip()) });
export type SubscriptionsResponse = z.infer<typeof SubscriptionsResponse>;

export const PutSubscriptionsRequest = z.object({ items: z.array(Subscription).max(100) }).strict();
export type PutSubscriptionsRequest = z.infer<typeof PutSubscriptionsRequest>;

/** `POST /api/chats/link-codes` — the gateway records the admin's principal as its creator. */
export const CreateLinkCodeRequest = z.object({ ttlMinutes: z.number().int().min(1).max(24 * 60).optional() }).strict();
export type CreateLinkCodeRequest = z.infer<typeof CreateLinkCodeRequest>;

/** A one-time code: the admin sends `command` (`/link CODE`) to the bot from the chat to link, before `expiresAt`. */
export const LinkCodeResponse = z.object({ code: z.string().min(1).max(64), expiresAt: IsoDateTime, command: z.string() });
export type LinkCodeResponse = z.infer<typeof LinkCodeResponse>;
