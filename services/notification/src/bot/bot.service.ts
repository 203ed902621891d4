import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { ConsumerRegistry } from '@vigie/health';
import type { Context } from 'grammy';
import type { InlineKeyboardMarkup } from 'grammy/types';
import { TelegramChannel } from '../channels/telegram.channel';
import { ChatStore } from '../chats/chat-store';
import { BUTTONS, COMMANDS } from '../commands';
import { NOTIFICATION_CONFIG, type NotificationConfig } from '../config';
import { DeliveryDispatcher } from '../delivery/dispatcher';
import type { ChatRow } from '../entities/chat.entity';
import { BOT_TEXTS } from '../templates/bot-texts';
import { isLocale, LOCALES, type Locale, type RenderContext } from '../templates/i18n';
import { LinkChat } from '../usecases/link-chat/link-chat.usecase';
import { RefuseChat } from '../usecases/refuse-chat/refuse-chat.usecase';
import type { ButtonHandler, ChatCommand } from './chat-command';
import { parseCommand } from './parse-command';
import { TelegramClient } from './telegram-client';

/** The readiness check of the Telegram side: updates are being received, the Bot API is not considered down. */
export const TELEGRAM_CHECK = 'telegram-bot-api';
/** Telegram shows at most 200 characters in a button press's toast. */
const TOAST_MAX = 200;

/**
 * The bot's front door: long polling (on the dispatching instance only: Telegram allows one reader
 * of updates per bot), the access check, then one command or button handler per update.
 * Unlinked chats get a polite refusal and an `auth.login.failed`; `/link CODE` links them.
 */
@Injectable()
export class BotService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(BotService.name);
  private polling?: Promise<void>;
  private pollingAbort?: AbortController;
  private stopping = false;

  constructor(
    private readonly client: TelegramClient,
    private readonly telegram: TelegramChannel,
    private readonly chats: ChatStore,
    private readonly linkChat: LinkChat,
    private readonly refuseChat: RefuseChat,
    private readonly dispatcher: DeliveryDispatcher,
    private readonly registry: ConsumerRegistry,
    @Inject(COMMANDS) private readonly commands: readonly ChatCommand[],
    @Inject(BUTTONS) private readonly buttons: readonly ButtonHandler[],
    @Inject(NOTIFICATION_CONFIG) private readonly config: NotificationConfig,
  ) {}

  onApplicationBootstrap(): void {
    const bot = this.client.bot;
    if (!bot) return;
    bot.on('message', (ctx) => this.onMessage(ctx));
    bot.on('callback_query:data', (ctx) => this.onButton(ctx));
    bot.catch((err) => this.logger.error(`update ${err.ctx.update.update_id} failed: ${this.client.redact((err.error as Error)?.message ?? String(err.error))}`));
    this.registry.register(TELEGRAM_CHECK, { info: () => this.health() });
    if (!this.config.TELEGRAM_POLLING) {
      this.logger.log('TELEGRAM_POLLING=false: commands and buttons are not read by this process');
      return;
    }
    this.dispatcher.leaderListeners.add((leader) => (leader ? this.startPolling() : void this.stopPolling()));
    if (this.dispatcher.isLeader) this.startPolling();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    await this.stopPolling();
  }

  private async health(): Promise<{ running: boolean }> {
    if (this.telegram.breaker.state === 'open') throw new Error('Telegram Bot API considered down (circuit open after repeated failures)');
    if (!this.config.TELEGRAM_POLLING) return { running: true };
    const role = this.dispatcher.role;
    if (role === 'standby') return { running: true };
    if (role === 'starting') throw new Error('starting: not yet known whether this instance reads the updates');
    const problem = this.client.polling.problem();
    if (problem) throw new Error(problem);
    return { running: true };
  }

  private startPolling(): void {
    const bot = this.client.bot;
    if (!bot || this.polling || this.stopping) return;
    this.client.polling.started();
    const abort = new AbortController();
    this.pollingAbort = abort;
    this.polling = (async () => {
      // grammY retries getMe until it answers; our signal lets a stop end that wait too.
      await bot.init(abort.signal as Parameters<typeof bot.init>[0]);
      if (abort.signal.aborted) return;
      void this.publishCommands();
      await bot.start({ timeout: this.config.TELEGRAM_POLL_TIMEOUT_SECONDS, allowed_updates: ['message', 'callback_query'] });
    })()
      .catch((e: Error) => {
        if (abort.signal.aborted) return;
        const message = this.client.redact(e.message);
        this.client.polling.stopped(message);
        this.logger.error(`Telegram update polling stopped: ${message}`);
      })
      .finally(() => {
        this.polling = undefined;
      });
  }

  private async stopPolling(): Promise<void> {
    const bot = this.client.bot;
    if (!bot || !this.polling) return;
    this.pollingAbort?.abort();
    // stop() confirms the updates handled so far with one last getUpdates; the Bot API may be down.
    await bot.stop().catch(() => undefined);
    await this.polling;
  }

  /** The command menu Telegram shows, per language; cosmetic, so a failure is only logged. */
  private async publishCommands(): Promise<void> {
    const api = this.client.bot?.api;
    if (!api) return;
    try {
      for (const locale of LOCALES) {
        await api.setMyCommands(
          this.commands.map((c) => ({ command: c.name, description: c.description[locale].slice(0, 256) })),
          locale === 'fr' ? {} : { language_code: locale },
        );
      }
    } catch (e) {
      this.logger.warn(`command menu not set: ${this.client.redact((e as Error).message)}`);
    }
  }

  private async onMessage(ctx: Context): Promise<void> {
    const chatId = ctx.chat?.id;
    const message = ctx.message;
    if (chatId === undefined || !message) return;
    const command = parseCommand(message.text, ctx.me?.username);
    const chat = await this.chats.active(String(chatId));
    if (!chat) return this.unknownChat(ctx, String(chatId), command);
    if (!command) return;
    const render = renderOf(chat);
    const texts = BOT_TEXTS[render.locale];
    const reply = (html: string, keyboard?: InlineKeyboardMarkup) => this.reply(ctx, html, keyboard);
    const handler = this.commands.find((c) => c.name === command.name);
    if (!handler) return reply(texts.unknownCommand(command.name));
    await handler.run({ chat, args: command.args, render, texts, commands: this.commands, reply });
  }

  private async unknownChat(ctx: Context, chatId: string, command: ReturnType<typeof parseCommand>): Promise<void> {
    const texts = BOT_TEXTS[this.config.NOTIFY_DEFAULT_LOCALE];
    if (command && (command.name === 'link' || command.name === 'start') && command.args) {
      const outcome = await this.linkChat.execute(chatId, command.args);
      if (outcome.ok) return this.reply(ctx, BOT_TEXTS[renderOf(outcome.chat).locale].linked);
      return this.reply(ctx, outcome.reason === 'link-locked-out' ? texts.linkLockedOut : texts.linkInvalid);
    }
    // In a group only commands are addressed to the bot; chatter is none of its business.
    if (!command && ctx.chat?.type !== 'private') return;
    if (await this.refuseChat.execute(chatId, command ? 'chat-not-linked' : 'chat-not-linked-message')) {
      await this.reply(ctx, texts.refusal);
    }
  }

  private async onButton(ctx: Context): Promise<void> {
    const query = ctx.callbackQuery;
    const chatId = ctx.chat?.id;
    if (!query?.data || chatId === undefined) {
      await ctx.answerCallbackQuery().catch(() => undefined);
      return;
    }
    const chat = await this.chats.active(String(chatId));
    if (!chat) {
      await this.refuseChat.execute(String(chatId), 'chat-not-linked');
      await ctx.answerCallbackQuery({ text: BOT_TEXTS[this.config.NOTIFY_DEFAULT_LOCALE].refusal.split('\n')[0].slice(0, TOAST_MAX) });
      return;
    }
    let answered = false;
    const answer = async (text?: string) => {
      if (answered) return;
      answered = true;
      await ctx.answerCallbackQuery(text ? { text: text.slice(0, TOAST_MAX) } : {});
    };
    try {
      const data = query.data;
      const handler = this.buttons.find((h) => h.prefixes.some((p) => data.startsWith(p)));
      if (handler) {
        const render = renderOf(chat);
        await handler.press({
          chat,
          data,
          render,
          texts: BOT_TEXTS[render.locale],
          answer,
          editKeyboard: async (keyboard) => {
            await this.telegram.acquireSlot();
            await ctx.editMessageReplyMarkup({ reply_markup: keyboard }).catch((e: Error) => {
              // Pressing the same button twice leaves nothing to change.
              if (!/message is not modified/.test(e.message)) throw e;
            });
          },
        });
      }
    } finally {
      if (!answered) await ctx.answerCallbackQuery().catch(() => undefined);
    }
  }

  private async reply(ctx: Context, html: string, keyboard?: InlineKeyboardMarkup): Promise<void> {
    if (!ctx.chat) return;
    await this.telegram.acquireSlot();
    await ctx.api.sendMessage(ctx.chat.id, html, {
      parse_mode: 'HTML',
      link_preview_options: { is_disabled: true },
      ...(keyboard ? { reply_markup: keyboard } : {}),
    });
  }
}

function renderOf(chat: ChatRow): RenderContext {
  const locale: Locale = isLocale(chat.locale) ? chat.locale : 'fr';
  return { locale, timeZone: chat.timeZone };
}
