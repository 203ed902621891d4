import { Injectable } from '@nestjs/common';
import type { ChatCommand, CommandRequest } from '../bot/chat-command';
import { escapeHtml } from '../templates/format';

@Injectable()
export class HelpCommand implements ChatCommand {
  readonly name = 'help';
  readonly description = { fr: 'Liste des commandes', en: 'List of commands' };

  async run(req: CommandRequest): Promise<void> {
    const lines = req.commands.map((c) => `/${c.name} — ${escapeHtml(c.description[req.render.locale])}`);
    await req.reply([req.texts.helpHeader, ...lines].join('\n'));
  }
}
