import { Inject, Injectable } from '@nestjs/common';
import { Api, GrammyError, HttpError } from 'grammy';
import { MONITOR_CONFIG, type MonitorConfig } from '../config';

/** Short: the fallback runs in the probe round, which must not wait long on Telegram. */
const REQUEST_TIMEOUT_SECONDS = 10;

export type SendResult = { ok: true } | { ok: false; permanent: boolean; reason: string };

/**
 * The monitor's own line to the Telegram Bot API, independent of the notification service, used
 * only when that service is down. Plain text: no markup to escape in a message we compose.
 */
@Injectable()
export class TelegramFallbackChannel {
  private readonly api?: Api;

  constructor(@Inject(MONITOR_CONFIG) private readonly config: MonitorConfig) {
    if (config.TELEGRAM_BOT_TOKEN) {
      this.api = new Api(config.TELEGRAM_BOT_TOKEN, { apiRoot: config.TELEGRAM_API_ROOT, timeoutSeconds: REQUEST_TIMEOUT_SECONDS });
    }
  }

  get enabled(): boolean {
    return this.api !== undefined;
  }

  get recipients(): readonly string[] {
    return this.api ? this.config.TELEGRAM_ADMIN_CHAT_IDS : [];
  }

  async send(chatId: string, text: string): Promise<SendResult> {
    if (!this.api) return { ok: false, permanent: true, reason: 'Telegram is off' };
    try {
      await this.api.sendMessage(Number(chatId), text, { link_preview_options: { is_disabled: true } });
      return { ok: true };
    } catch (e) {
      // 400 (unknown chat) and 403 (bot blocked) fail the same way next time; anything else may pass.
      if (e instanceof GrammyError) {
        return { ok: false, permanent: e.error_code === 400 || e.error_code === 403, reason: `telegram ${e.error_code}: ${e.description}` };
      }
      // HttpError's own message names the method only; the fetch error it wraps holds the URL, token included.
      if (e instanceof HttpError) return { ok: false, permanent: false, reason: `telegram unreachable: ${e.message}` };
      throw e;
    }
  }
}
