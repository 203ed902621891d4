import type { InlineKeyboardMarkup } from 'grammy/types';
import type { ChatRow } from '../entities/chat.entity';
import type { BotTexts } from '../templates/bot-texts';
import type { Locale, RenderContext } from '../templates/i18n';

/** A command from a linked chat, with what its reply needs. */
export interface CommandRequest {
  chat: ChatRow;
  /** Text after the command, trimmed. */
  args: string;
  render: RenderContext;
  texts: BotTexts;
  /** Every registered command (for /help). */
  commands: readonly ChatCommand[];
  reply(html: string, keyboard?: InlineKeyboardMarkup): Promise<void>;
}

/**
 * One bot command per file (`commands/<name>.command.ts`), registered in `commands/index.ts`.
 * Commands only ever run for linked chats: the access check comes first.
 */
export interface ChatCommand {
  /** Without the slash: `status`. */
  readonly name: string;
  readonly description: Readonly<Record<Locale, string>>;
  run(req: CommandRequest): Promise<void>;
}

/** A press on an inline button of a linked chat. */
export interface ButtonRequest {
  chat: ChatRow;
  data: string;
  render: RenderContext;
  texts: BotTexts;
  /** Answers the press (the small toast); every press is answered once. */
  answer(text?: string): Promise<void>;
  editKeyboard(keyboard: InlineKeyboardMarkup): Promise<void>;
}

/** Handles the presses whose callback data starts with one of `prefixes`. */
export interface ButtonHandler {
  readonly prefixes: readonly string[];
  press(req: ButtonRequest): Promise<void>;
}
