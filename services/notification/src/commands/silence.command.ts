import { Injectable } from '@nestjs/common';
import type { ChatCommand, CommandRequest } from '../bot/chat-command';
import { parseDurationMinutes } from '../domain/durations';
import { ActOnAlert } from '../usecases/act-on-alert/act-on-alert.usecase';
import { actOutcomeText } from './act-outcome-text';

/** `/silence RULE|ID DURATION`: silence one anomaly, or every open anomaly of a rule. */
@Injectable()
export class SilenceCommand implements ChatCommand {
  readonly name = 'silence';
  readonly description = {
    fr: 'Mettre en sourdine : /silence ID|règle 2h',
    en: 'Silence: /silence ID|rule 2h',
  };

  constructor(private readonly act: ActOnAlert) {}

  async run(req: CommandRequest): Promise<void> {
    const [target, duration, extra] = req.args.split(/\s+/).filter(Boolean);
    const minutes = duration ? parseDurationMinutes(duration) : undefined;
    if (!target || minutes === undefined || extra) return req.reply(req.texts.usage('/silence ID|cash.variance 30m|2h|1d'));
    const outcome = await this.act.execute(req.chat, { kind: 'silence', target, minutes });
    await req.reply(actOutcomeText(outcome, req.texts, minutes));
  }
}
