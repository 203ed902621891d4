import { Injectable } from '@nestjs/common';
import type { ChatCommand, CommandRequest } from '../bot/chat-command';
import { parseDurationMinutes } from '../domain/durations';
import { parseQuietHours } from '../domain/quiet-hours';
import { muteSettingsOf } from '../entities/chat.entity';
import { ConfigureChat } from '../usecases/configure-chat/configure-chat.usecase';

/** `/mute`: quiet hours in the chat's time zone or a one-off mute; critical alerts always pass. */
@Injectable()
export class MuteCommand implements ChatCommand {
  readonly name = 'mute';
  readonly description = {
    fr: 'Sourdine (sauf critiques) : /mute 22:00-07:00 · /mute 2h · /mute off',
    en: 'Mute (but critical): /mute 22:00-07:00 · /mute 2h · /mute off',
  };

  constructor(private readonly configure: ConfigureChat) {}

  async run(req: CommandRequest): Promise<void> {
    const arg = req.args.trim().toLowerCase();
    if (arg === '') return req.reply(req.texts.muteState(muteSettingsOf(req.chat), new Date()));
    if (arg === 'off') {
      await this.configure.execute(req.chat.chatId, { quietHours: null, mutedUntil: null });
      return req.reply(req.texts.muteOff);
    }
    const quiet = parseQuietHours(arg);
    const minutes = quiet ? undefined : parseDurationMinutes(arg);
    if (!quiet && minutes === undefined) return req.reply(req.texts.usage('/mute 22:00-07:00 · /mute 2h · /mute off'));
    const chat = await this.configure.execute(
      req.chat.chatId,
      quiet ? { quietHours: quiet } : { mutedUntil: new Date(Date.now() + minutes! * 60_000) },
    );
    await req.reply(req.texts.muteState(muteSettingsOf(chat), new Date()));
  }
}
