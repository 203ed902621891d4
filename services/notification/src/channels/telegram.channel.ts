import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { InlineKeyboardMarkup } from 'grammy/types';
import { TelegramClient } from '../bot/telegram-client';
import { ChatStore } from '../chats/chat-store';
import { NOTIFICATION_CONFIG, type NotificationConfig } from '../config';
import { ChannelBreaker } from '../delivery/channel-breaker';
import { GlobalRate } from '../delivery/global-rate';
import type { LanePolicy } from '../domain/dispatch-plan';
import { classifySendFailure, type SendFailure } from '../domain/send-failure';
import { muteSettingsOf } from '../entities/chat.entity';
import type { DeliveryRow } from '../entities/delivery.entity';
import type { DeliveryPayload } from '../delivery/delivery.repository';
import { alertKeyboard } from '../templates/alert-keyboard';
import { renderAlertMessage, type AlertMessageInput } from '../templates/alert-message';
import { renderDigest } from '../templates/digest-message';
import { isLocale } from '../templates/i18n';
import { renderRecommendation, renderTestMessage, renderWeeklyReport, type RecommendationInput, type WeeklyReportInput } from '../templates/report-message';
import type { Channel, Outgoing, RecipientProfile } from './channel';

export interface TelegramMessage {
  html: string;
  keyboard?: InlineKeyboardMarkup;
}

/** Telegram: groups allow about 20 messages a minute (https://core.telegram.org/bots/faq#my-bot-is-hitting-limits-how-do-i-avoid-this). */
const GROUP_CHAT_INTERVAL_MS = 3000;
const MAX_DIGEST_ITEMS = 200;

/** Alerts, digests, reports to linked chats, as HTML messages through the Bot API. */
@Injectable()
export class TelegramChannel implements Channel<TelegramMessage>, OnModuleInit, OnApplicationShutdown {
  readonly id = 'telegram' as const;
  readonly breaker: ChannelBreaker;
  private readonly logger = new Logger(TelegramChannel.name);
  private readonly rate: GlobalRate;

  constructor(
    private readonly client: TelegramClient,
    private readonly chats: ChatStore,
    @Inject(NOTIFICATION_CONFIG) private readonly config: NotificationConfig,
  ) {
    this.rate = new GlobalRate(config.NOTIFY_GLOBAL_RATE_PER_SEC);
    this.breaker = new ChannelBreaker('telegram-bot-api', {
      resetMs: config.TELEGRAM_BREAKER_RESET_MS,
      isOutage: (e) => classifySendFailure(e)?.kind === 'transient',
    });
  }

  onModuleInit(): void {
    if (!this.client.enabled) this.logger.log('Telegram is off (no TELEGRAM_BOT_TOKEN): alerts go to the dashboard only');
  }

  onApplicationShutdown(): void {
    this.breaker.shutdown();
  }

  get enabled(): boolean {
    return this.client.enabled;
  }

  /** Waits for a slot of the bot's budget: notifications and the replies to commands share it. */
  acquireSlot(): Promise<void> {
    return this.rate.acquire();
  }

  policy(recipient: string): LanePolicy {
    const group = recipient.startsWith('-');
    return {
      groupWindowMs: this.config.NOTIFY_GROUP_WINDOW_MS,
      minIntervalMs: group ? Math.max(GROUP_CHAT_INTERVAL_MS, this.config.NOTIFY_CHAT_INTERVAL_MS) : this.config.NOTIFY_CHAT_INTERVAL_MS,
      maxBatch: MAX_DIGEST_ITEMS,
    };
  }

  async profile(recipient: string): Promise<RecipientProfile | undefined> {
    const chat = await this.chats.active(recipient);
    if (!chat) return undefined;
    return { render: { locale: isLocale(chat.locale) ? chat.locale : 'fr', timeZone: chat.timeZone }, mute: muteSettingsOf(chat) };
  }

  compose(rows: DeliveryRow[], profile: RecipientProfile): Outgoing<TelegramMessage>[] {
    const ctx = profile.render;
    const message = (row: DeliveryRow) => (row.payload as unknown as DeliveryPayload).message;
    if (rows.length === 1) {
      const [row] = rows;
      switch (row.kind) {
        case 'alert': {
          const input = message(row) as AlertMessageInput;
          const keyboard = input.transition === 'resolved' ? undefined : alertKeyboard(input.alert.anomalyId, ctx.locale);
          return [{ rows, body: { html: renderAlertMessage(input, ctx), keyboard } }];
        }
        case 'report':
          return [{ rows, body: { html: renderWeeklyReport(message(row) as WeeklyReportInput, ctx) } }];
        case 'recommendation':
          return [{ rows, body: { html: renderRecommendation(message(row) as RecommendationInput, ctx) } }];
        case 'test':
          return [{ rows, body: { html: renderTestMessage(ctx) } }];
      }
    }
    const parts = renderDigest(
      rows.map((r) => message(r) as AlertMessageInput),
      ctx,
    );
    let next = 0;
    return parts.map((part) => {
      const carried = rows.slice(next, next + part.lines);
      next += part.lines;
      return { rows: carried, body: { html: part.text } };
    });
  }

  async send(recipient: string, body: TelegramMessage): Promise<{ messageId: number }> {
    const api = this.client.sendApi;
    if (!api) throw new Error('Telegram is off');
    await this.rate.acquire();
    const message = await this.breaker.run(() =>
      api.sendMessage(Number(recipient), body.html, {
        parse_mode: 'HTML',
        link_preview_options: { is_disabled: true },
        ...(body.keyboard ? { reply_markup: body.keyboard } : {}),
      }),
    );
    return { messageId: message.message_id };
  }

  classify(error: unknown): SendFailure | undefined {
    const failure = classifySendFailure(error);
    return failure && { ...failure, message: this.client.redact(failure.message) };
  }
}
