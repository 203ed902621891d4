import { Injectable } from '@nestjs/common';
import type { ButtonHandler, ButtonRequest } from '../bot/chat-command';
import { actedKeyboard, parseAlertAction } from '../templates/alert-keyboard';
import { ActOnAlert } from '../usecases/act-on-alert/act-on-alert.usecase';
import { actOutcomeText } from './act-outcome-text';

/** The buttons under an alert: Acknowledge, Silence 1 h, Silence 24 h. */
@Injectable()
export class AlertButtonsHandler implements ButtonHandler {
  readonly prefixes = ['ack:', 'sil:'];

  constructor(private readonly act: ActOnAlert) {}

  async press(req: ButtonRequest): Promise<void> {
    const action = parseAlertAction(req.data);
    if (!action) return req.answer();
    const outcome = await this.act.execute(
      req.chat,
      action.kind === 'ack' ? { kind: 'ack', target: action.anomalyId } : { kind: 'silence', target: action.anomalyId, minutes: action.minutes },
    );
    if (outcome.ok) {
      await req.editKeyboard(actedKeyboard(action.kind === 'ack' ? req.texts.buttonAcked : req.texts.buttonSilenced(action.minutes)));
      await req.answer(action.kind === 'ack' ? req.texts.buttonAcked : req.texts.buttonSilenced(action.minutes));
      return;
    }
    // The toast shows plain text: the HTML of the chat reply is stripped.
    await req.answer(actOutcomeText(outcome, req.texts, action.kind === 'silence' ? action.minutes : undefined).replace(/<[^>]+>/g, ''));
  }
}
