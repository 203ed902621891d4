import { z } from 'zod';
import { bool, CommonEnv, list, parseEnv, port, url, type Env } from '@vigie/config';

const TELEGRAM_TOKEN = /^\d+:[A-Za-z0-9_-]+$/;

const ms = (fallback: number, min: number, max = 3_600_000) => z.coerce.number().int().min(min).max(max).default(fallback);

const timeZone = z.string().refine((tz) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}, 'must be an IANA time zone such as Europe/Paris');

const baseUrl = url(['http', 'https']).transform((v) => v.replace(/\/+$/, ''));

export const NotificationEnv = CommonEnv.extend({
  NOTIFICATION_PORT: port(3120),
  TELEGRAM_BOT_TOKEN: z.string().regex(TELEGRAM_TOKEN, 'must look like <bot id>:<secret> (as given by @BotFather)').optional(),
  // grammY refuses an apiRoot with a trailing slash.
  TELEGRAM_API_ROOT: baseUrl.default('https://api.telegram.org'),
  // Telegram chat ids have at most 52 significant bits: they fit a JS number exactly.
  TELEGRAM_ADMIN_CHAT_IDS: list(
    z.string().refine((v) => /^-?\d+$/.test(v) && Number.isSafeInteger(Number(v)), 'must be numeric Telegram chat ids'),
  ),
  /** Long polling for commands and buttons; off when another process reads this bot's updates. */
  TELEGRAM_POLLING: bool(true),
  TELEGRAM_POLL_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(50).default(30),
  /** How long the Bot API breaker stays open before one trial call, ms. */
  TELEGRAM_BREAKER_RESET_MS: ms(10_000, 100),
  /** Alerts reaching a chat within this time of its last message are grouped into one digest; 0 = never group. */
  NOTIFY_GROUP_WINDOW_MS: ms(10_000, 0),
  /** Minimum time between two messages to one chat (Telegram: about one per second per chat). */
  NOTIFY_CHAT_INTERVAL_MS: ms(1000, 0),
  /** Messages per second over every chat together (Telegram allows about 30). */
  NOTIFY_GLOBAL_RATE_PER_SEC: z.coerce.number().int().min(1).max(30).default(25),
  NOTIFY_DEFAULT_LOCALE: z.enum(['fr', 'en']).default('fr'),
  NOTIFY_DEFAULT_TIMEZONE: timeZone.default('Europe/Paris'),
  /** Key of the opaque principal (an HMAC of the chat id) the bot acts as; AUTH_SECRET, then a key derived from the bot token, otherwise. */
  NOTIFY_PRINCIPAL_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  AUTH_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  LINK_CODE_TTL_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(10),
  /** When set, the chats and e-mail API require `Authorization: Bearer <token>` (the gateway's). */
  NOTIFICATION_API_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  ANOMALY_URL: baseUrl.default('http://127.0.0.1:3110'),
  MONITOR_URL: baseUrl.default('http://127.0.0.1:3140'),
  /** smtp://user:pass@host:port or smtps://…; unset = no e-mail. */
  SMTP_URL: url(['smtp', 'smtps']).optional(),
  EMAIL_FROM: z.string().min(3).max(200).default('Vigie <vigie@localhost>'),
  EMAIL_TO: list(z.email('must be e-mail addresses')),
  /** Also e-mail critical alerts (raised, escalated and their resolution) to EMAIL_TO. */
  EMAIL_CRITICAL_ALERTS: bool(false),
  EMAIL_WEEKLY_REPORT: bool(true),
});
export type NotificationConfig = z.infer<typeof NotificationEnv>;

export const NOTIFICATION_CONFIG = Symbol('NOTIFICATION_CONFIG');

export function loadConfig(env: Env): NotificationConfig {
  return parseEnv('notification', NotificationEnv, env);
}
