import type { ActOutcome } from '../usecases/act-on-alert/act-on-alert.usecase';
import type { BotTexts } from '../templates/bot-texts';

/** The bot's answer to an acknowledge or silence, whatever came of it. */
export function actOutcomeText(outcome: ActOutcome, texts: BotTexts, minutes?: number): string {
  if (outcome.ok) {
    if (outcome.kind === 'ack') return texts.acked(outcome.anomalyIds[0]);
    if (outcome.ruleId) return texts.silencedRule(outcome.ruleId, outcome.anomalyIds.length, minutes ?? 0);
    return texts.silenced(outcome.anomalyIds[0], minutes ?? 0);
  }
  switch (outcome.code) {
    case 'not-found':
      return texts.notFound(outcome.message);
    case 'ambiguous':
      return texts.ambiguous(outcome.message, outcome.candidates ?? []);
    case 'none-open':
      return texts.noOpenForRule(outcome.message);
    case 'unavailable':
      return texts.anomalyServiceDown;
    case 'refused':
      return texts.refused(outcome.message);
  }
}
