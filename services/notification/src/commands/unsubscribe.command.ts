import { Injectable } from '@nestjs/common';
import type { ChatCommand, CommandRequest } from '../bot/chat-command';
import { ChatStore } from '../chats/chat-store';
import { normalizeTopic, subscriptionFor } from '../domain/subscriptions';
import { ChangeSubscriptions } from '../usecases/change-subscriptions/change-subscriptions.usecase';

/** `/unsubscribe TOPIC`: stop receiving a family, a rule or a report kind. */
@Injectable()
export class UnsubscribeCommand implements ChatCommand {
  readonly name = 'unsubscribe';
  readonly description = { fr: 'Se désabonner : /unsubscribe ai', en: 'Unsubscribe: /unsubscribe ai' };

  constructor(
    private readonly chats: ChatStore,
    private readonly change: ChangeSubscriptions,
  ) {}

  async run(req: CommandRequest): Promise<void> {
    const [rawTopic, extra] = req.args.split(/\s+/).filter(Boolean);
    if (!rawTopic || extra) return req.reply(req.texts.usage('/unsubscribe cash|cash.variance|report.weekly'));
    const topic = normalizeTopic(rawTopic);
    if (!topic) return req.reply(req.texts.unknownTopic(rawTopic));
    const view = await this.chats.subscriptionView(req.chat.chatId);
    const current = view.find((s) => s.topic === topic) ?? { ...subscriptionFor(view, topic), topic };
    const next = { ...current, enabled: false };
    await this.change.execute(req.chat.chatId, { set: next });
    await req.reply(req.texts.subscriptionSet(next));
  }
}
