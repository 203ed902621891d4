import { Injectable } from '@nestjs/common';
import type { ChatCommand, CommandRequest } from '../bot/chat-command';
import { ActOnAlert } from '../usecases/act-on-alert/act-on-alert.usecase';
import { actOutcomeText } from './act-outcome-text';

/** `/ack ID`: acknowledge an anomaly (full or short id). */
@Injectable()
export class AckCommand implements ChatCommand {
  readonly name = 'ack';
  readonly description = { fr: 'Acquitter une anomalie : /ack ID', en: 'Acknowledge an anomaly: /ack ID' };

  constructor(private readonly act: ActOnAlert) {}

  async run(req: CommandRequest): Promise<void> {
    const [target, extra] = req.args.split(/\s+/).filter(Boolean);
    if (!target || extra) return req.reply(req.texts.usage('/ack ID'));
    await req.reply(actOutcomeText(await this.act.execute(req.chat, { kind: 'ack', target }), req.texts));
  }
}
