import type { Provider, Type } from '@nestjs/common';
import type { ButtonHandler, ChatCommand } from '../bot/chat-command';
import { AckCommand } from './ack.command';
import { AlertButtonsHandler } from './alert-buttons.handler';
import { AlertsCommand } from './alerts.command';
import { HelpCommand } from './help.command';
import { LangCommand } from './lang.command';
import { LinkCommand } from './link.command';
import { MuteCommand } from './mute.command';
import { ReportCommand } from './report.command';
import { SilenceCommand } from './silence.command';
import { StartCommand } from './start.command';
import { StatusCommand } from './status.command';
import { SubscribeCommand } from './subscribe.command';
import { SubscriptionsCommand } from './subscriptions.command';
import { TestCommand } from './test.command';
import { TimezoneCommand } from './timezone.command';
import { UnsubscribeCommand } from './unsubscribe.command';

/** Every bot command, one file each, in /help order. Adding one = its file, its test, one line here. */
export const COMMAND_TYPES: readonly Type<ChatCommand>[] = [
  StartCommand,
  HelpCommand,
  StatusCommand,
  AlertsCommand,
  AckCommand,
  SilenceCommand,
  MuteCommand,
  ReportCommand,
  SubscriptionsCommand,
  SubscribeCommand,
  UnsubscribeCommand,
  LangCommand,
  TimezoneCommand,
  TestCommand,
  LinkCommand,
];

/** Inline-button handlers (a command may be one too). */
export const BUTTON_TYPES: readonly Type<ButtonHandler>[] = [AlertButtonsHandler, SubscriptionsCommand];

export const COMMANDS = Symbol('COMMANDS');
export const BUTTONS = Symbol('BUTTONS');

/** Refuses an empty list, a bad name or a name used twice, at boot. */
export function checkCommands(commands: readonly ChatCommand[]): readonly ChatCommand[] {
  if (commands.length === 0) throw new Error('no bot command registered');
  for (const c of commands) {
    // Telegram: 1-32 characters, lowercase letters, digits and underscores.
    if (!/^[a-z0-9_]{1,32}$/.test(c.name)) throw new Error(`bot command name "${c.name}" is not a Telegram command name`);
  }
  const names = commands.map((c) => c.name);
  const twice = names.find((n, i) => names.indexOf(n) !== i);
  if (twice) throw new Error(`bot command /${twice} is registered twice`);
  return commands;
}

export function checkButtons(handlers: readonly ButtonHandler[]): readonly ButtonHandler[] {
  const prefixes = handlers.flatMap((h) => h.prefixes);
  const twice = prefixes.find((p, i) => prefixes.indexOf(p) !== i);
  if (twice) throw new Error(`button prefix ${twice} is handled twice`);
  return handlers;
}

export const commandProviders: Provider[] = [
  ...new Set<Type<unknown>>([...COMMAND_TYPES, ...BUTTON_TYPES]),
  { provide: COMMANDS, useFactory: (...c: ChatCommand[]) => checkCommands(c), inject: [...COMMAND_TYPES] },
  { provide: BUTTONS, useFactory: (...b: ButtonHandler[]) => checkButtons(b), inject: [...BUTTON_TYPES] },
];
