import { Injectable } from '@nestjs/common';
import type { ChatCommand, CommandRequest } from '../bot/chat-command';
import { ConfigureChat, isTimeZone } from '../usecases/configure-chat/configure-chat.usecase';

/** `/timezone Europe/Paris`: the time zone of this chat's times and quiet hours. */
@Injectable()
export class TimezoneCommand implements ChatCommand {
  readonly name = 'timezone';
  readonly description = { fr: 'Fuseau horaire : /timezone Europe/Paris', en: 'Time zone: /timezone Europe/Paris' };

  constructor(private readonly configure: ConfigureChat) {}

  async run(req: CommandRequest): Promise<void> {
    const tz = req.args.trim();
    if (!tz) return req.reply(req.texts.usage('/timezone Europe/Paris'));
    if (!isTimeZone(tz)) return req.reply(req.texts.badTimezone(tz));
    const chat = await this.configure.execute(req.chat.chatId, { timeZone: tz });
    await req.reply(req.texts.timezoneSet(chat.timeZone));
  }
}
