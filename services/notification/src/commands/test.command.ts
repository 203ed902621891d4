import { Injectable } from '@nestjs/common';
import type { ChatCommand, CommandRequest } from '../bot/chat-command';
import type { TestLine } from '../templates/bot-texts';
import { SendTestNotification, type TestOutcome } from '../usecases/send-test-notification/send-test-notification.usecase';

/** `/test`: a real test message to this chat (and the e-mail recipients when configured), then what happened. */
@Injectable()
export class TestCommand implements ChatCommand {
  readonly name = 'test';
  readonly description = { fr: 'Envoyer une notification de test', en: 'Send a test notification' };

  constructor(private readonly sendTest: SendTestNotification) {}

  async run(req: CommandRequest): Promise<void> {
    const outcomes = [await this.sendTest.toChat(req.chat.chatId), ...(await this.sendTest.toEmail()).filter((o) => o.error?.code !== 'email.off')];
    await req.reply(req.texts.testResult(outcomes.map(lineOf)));
  }
}

function lineOf(o: TestOutcome): TestLine {
  const detail = o.ok ? (o.messageId !== undefined ? `#${o.messageId}` : '') : `${o.error?.code ?? 'error'}: ${o.error?.message ?? ''}`;
  return { channel: o.channel, ok: o.ok, detail };
}
