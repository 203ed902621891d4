import { Injectable } from '@nestjs/common';
import type { ChatCommand, CommandRequest } from '../bot/chat-command';

@Injectable()
export class StartCommand implements ChatCommand {
  readonly name = 'start';
  readonly description = { fr: 'Présentation de Vigie', en: 'About Vigie' };

  async run(req: CommandRequest): Promise<void> {
    await req.reply(req.texts.welcome);
  }
}
