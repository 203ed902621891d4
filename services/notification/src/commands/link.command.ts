import { Injectable } from '@nestjs/common';
import type { ChatCommand, CommandRequest } from '../bot/chat-command';

/** `/link CODE` links an unknown chat (handled by the access check); a linked chat is told so. */
@Injectable()
export class LinkCommand implements ChatCommand {
  readonly name = 'link';
  readonly description = { fr: 'Lier ce chat avec un code du tableau de bord', en: 'Link this chat with a dashboard code' };

  async run(req: CommandRequest): Promise<void> {
    await req.reply(req.texts.alreadyLinked);
  }
}
