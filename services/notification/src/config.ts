import { z } from 'zod';
import { CommonEnv, list, parseEnv, port, url, type Env } from '@vigie/config';

export const NotificationEnv = CommonEnv.extend({
  NOTIFICATION_PORT: port(3120),
  TELEGRAM_BOT_TOKEN: z
    .string()
    .regex(/^\d+:[A-Za-z0-9_-]+$/, 'must look like <bot id>:<secret> (as given by @BotFather)')
    .optional(),
  // grammY refuses an apiRoot with a trailing slash.
  TELEGRAM_API_ROOT: url(['http', 'https'])
    .default('https://api.telegram.org')
    .transform((v) => v.replace(/\/+$/, '')),
  // Telegram chat ids have at most 52 significant bits: they fit a JS number exactly.
  TELEGRAM_ADMIN_CHAT_IDS: list(
    z.string().refine((v) => /^-?\d+$/.test(v) && Number.isSafeInteger(Number(v)), 'must be numeric Telegram chat ids'),
  ),
});
export type NotificationConfig = z.infer<typeof NotificationEnv>;

export function loadConfig(env: Env): NotificationConfig {
  return parseEnv('notification', NotificationEnv, env);
}
