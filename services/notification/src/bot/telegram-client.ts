import { Inject, Injectable } from '@nestjs/common';
import { Api, Bot } from 'grammy';
import { NOTIFICATION_CONFIG, type NotificationConfig } from '../config';
import { PollingStatus } from './polling-status';

/** Shorter than the consumer's ack wait and the breaker's patience: a hung send fails and is retried. */
export const SEND_TIMEOUT_SECONDS = 20;

/** Methods whose answers tell whether updates are being received. */
const POLLING_METHODS = new Set(['getMe', 'deleteWebhook', 'getUpdates']);

/**
 * The bot, configured once: `bot` long-polls for commands and buttons (its requests may last a
 * whole poll), `sendApi` delivers notifications with a short timeout. No auto-retry transformer:
 * every retry of a notification goes through the delivery records, so none is ever sent twice.
 */
@Injectable()
export class TelegramClient {
  readonly bot?: Bot;
  readonly sendApi?: Api;
  readonly polling: PollingStatus;
  private readonly token?: string;

  constructor(@Inject(NOTIFICATION_CONFIG) config: NotificationConfig) {
    this.polling = new PollingStatus(config.TELEGRAM_POLL_TIMEOUT_SECONDS * 1000);
    this.token = config.TELEGRAM_BOT_TOKEN;
    if (!config.TELEGRAM_BOT_TOKEN) return;
    const apiRoot = config.TELEGRAM_API_ROOT;
    this.sendApi = new Api(config.TELEGRAM_BOT_TOKEN, { apiRoot, timeoutSeconds: SEND_TIMEOUT_SECONDS });
    this.bot = new Bot(config.TELEGRAM_BOT_TOKEN, {
      client: { apiRoot, timeoutSeconds: config.TELEGRAM_POLL_TIMEOUT_SECONDS + SEND_TIMEOUT_SECONDS },
    });
    this.bot.api.config.use(async (prev, method, payload, signal) => {
      if (!POLLING_METHODS.has(method)) return prev(method, payload, signal);
      this.polling.begin(method);
      try {
        const result = await prev(method, payload, signal);
        this.polling.ok(method);
        return result;
      } catch (e) {
        if (!signal?.aborted) this.polling.failed(method, this.redact((e as Error).message));
        throw e;
      }
    });
  }

  get enabled(): boolean {
    return this.bot !== undefined;
  }

  /** Error texts never carry the token (a network error may quote the request URL). */
  redact(text: string): string {
    return this.token ? text.split(this.token).join('<token>') : text;
  }
}
