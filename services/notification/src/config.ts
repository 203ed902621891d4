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
  TELEGRAM_ADMIN_CHAT_IDS: list(z.string().regex(/^-?\d{1,20}$/, 'must be numeric Telegram chat ids')),
});
export type NotificationConfig = z.infer<typeof NotificationEnv>;

export function loadConfig(env: Env): NotificationConfig {
  return parseEnv('notification', NotificationEnv, env);
}
