import { createHash, createHmac } from 'node:crypto';

/**
 * The key of chat principals: NOTIFY_PRINCIPAL_SECRET, else AUTH_SECRET, else one derived from the bot
 * token (secret too, and stable across restarts). Never a constant: chat ids are short enough to
 * brute-force an HMAC whose key is known.
 */
export function principalKey(opts: { principalSecret?: string; authSecret?: string; botToken?: string }): string {
  if (opts.principalSecret) return opts.principalSecret;
  if (opts.authSecret) return opts.authSecret;
  return createHash('sha256').update(`vigie-notification-principal:${opts.botToken ?? 'no-telegram'}`).digest('hex');
}

/** The opaque principal of a Telegram chat (`by` of its acknowledgements, `principal` of its logins). */
export function chatPrincipal(key: string, chatId: string): string {
  return `tg-${createHmac('sha256', key).update(`telegram-chat:${chatId}`).digest('hex').slice(0, 32)}`;
}
