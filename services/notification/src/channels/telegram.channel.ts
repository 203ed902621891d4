import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { Bot, type Api } from 'grammy';

export const TELEGRAM_OPTIONS = Symbol('TELEGRAM_OPTIONS');

export interface TelegramOptions {
  /** Absent: Telegram is off and alerts reach the dashboard only. */
  token?: string;
  apiRoot: string;
  adminChatIds: readonly string[];
}

/** How long a Bot API reachability answer (`getMe`) is reused by readiness probes. */
export const REACHABILITY_CACHE_MS = 30_000;
/** Shorter than the consumer's ack wait, so a hung request fails before the message is redelivered. */
const REQUEST_TIMEOUT_SECONDS = 20;

/**
 * Sends HTML messages to admin chats through grammY's plain API: no auto-retry transformer is
 * installed, so every retry goes through our delivery records and can never double-send.
 */
@Injectable()
export class TelegramChannel implements OnModuleInit {
  readonly channel = 'telegram' as const;
  private readonly logger = new Logger(TelegramChannel.name);
  private readonly api?: Api;
  private reachability?: { checkedAt: number; error?: string };

  constructor(@Inject(TELEGRAM_OPTIONS) private readonly options: TelegramOptions) {
    if (options.token) {
      this.api = new Bot(options.token, {
        client: { apiRoot: options.apiRoot, timeoutSeconds: REQUEST_TIMEOUT_SECONDS },
      }).api;
    }
  }

  onModuleInit(): void {
    if (!this.api) {
      this.logger.log('Telegram is off (no TELEGRAM_BOT_TOKEN): alerts go to the dashboard only');
    } else if (this.options.adminChatIds.length === 0) {
      this.logger.warn('Telegram is on but TELEGRAM_ADMIN_CHAT_IDS is empty: no chat receives alerts');
    }
  }

  get enabled(): boolean {
    return this.api !== undefined;
  }

  get recipients(): readonly string[] {
    return this.api ? this.options.adminChatIds : [];
  }

  /** Throws grammY's GrammyError / HttpError as they come; the caller classifies them. */
  async send(recipient: string, html: string): Promise<{ messageId: number }> {
    if (!this.api) throw new Error('Telegram is off');
    const message = await this.api.sendMessage(Number(recipient), html, {
      parse_mode: 'HTML',
      link_preview_options: { is_disabled: true },
    });
    return { messageId: message.message_id };
  }

  /** Resolves when the Bot API answered `getMe` within the cache period, throws its error otherwise. */
  async checkReachable(now = Date.now()): Promise<void> {
    if (!this.api) return;
    if (!this.reachability || now - this.reachability.checkedAt >= REACHABILITY_CACHE_MS) {
      let error: string | undefined;
      try {
        await this.api.getMe();
      } catch (e) {
        error = (e as Error).message;
      }
      this.reachability = { checkedAt: now, error };
    }
    if (this.reachability.error) throw new Error(`Telegram Bot API unreachable: ${this.reachability.error}`);
  }
}
