import { Severity } from '@vigie/contracts';
import { z } from 'zod';

/**
 * Request bodies of the notification service's API (the gateway proxies it for the dashboard).
 * Candidates for libs/contracts once the web client uses them.
 */
export const CreateLinkCodeBody = z
  .object({
    /** The opaque principal of the admin asking (recorded on the chat it links). */
    createdBy: z.string().regex(/^[A-Za-z0-9_-]{1,128}$/).optional(),
    ttlMinutes: z.number().int().min(1).max(24 * 60).optional(),
  })
  .strict();
export type CreateLinkCodeBody = z.infer<typeof CreateLinkCodeBody>;

export const SubscriptionDto = z
  .object({
    topic: z.string().min(1).max(64),
    enabled: z.boolean(),
    minSeverity: Severity,
    resolved: z.boolean(),
  })
  .strict();

export const PutSubscriptionsBody = z.object({ items: z.array(SubscriptionDto).max(100) }).strict();
export type PutSubscriptionsBody = z.infer<typeof PutSubscriptionsBody>;

const Clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM');

export const PatchChatBody = z
  .object({
    locale: z.enum(['fr', 'en']).optional(),
    timeZone: z.string().min(1).max(64).optional(),
    quietHours: z.object({ start: Clock, end: Clock }).strict().nullable().optional(),
    mutedUntil: z.iso.datetime({ offset: true }).nullable().optional(),
  })
  .strict();
export type PatchChatBody = z.infer<typeof PatchChatBody>;

export const ChatIdParam = z.string().regex(/^-?\d{1,20}$/, 'must be a numeric Telegram chat id');
