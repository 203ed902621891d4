import { Injectable } from '@nestjs/common';
import type { ChatCommand, CommandRequest } from '../bot/chat-command';
import { BOT_TEXTS } from '../templates/bot-texts';
import { isLocale } from '../templates/i18n';
import { ConfigureChat } from '../usecases/configure-chat/configure-chat.usecase';

/** `/lang fr|en`: the language of this chat's messages. */
@Injectable()
export class LangCommand implements ChatCommand {
  readonly name = 'lang';
  readonly description = { fr: 'Langue : /lang fr|en', en: 'Language: /lang fr|en' };

  constructor(private readonly configure: ConfigureChat) {}

  async run(req: CommandRequest): Promise<void> {
    const locale = req.args.trim().toLowerCase();
    if (!isLocale(locale)) return req.reply(req.texts.usage('/lang fr|en'));
    await this.configure.execute(req.chat.chatId, { locale });
    await req.reply(BOT_TEXTS[locale].langSet);
  }
}
