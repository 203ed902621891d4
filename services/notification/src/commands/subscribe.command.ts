import { Injectable } from '@nestjs/common';
import type { Severity } from '@vigie/contracts';
import type { ChatCommand, CommandRequest } from '../bot/chat-command';
import { ChatStore } from '../chats/chat-store';
import { normalizeTopic, subscriptionFor } from '../domain/subscriptions';
import { ChangeSubscriptions } from '../usecases/change-subscriptions/change-subscriptions.usecase';

const SEVERITY_WORDS: Record<string, Severity> = {
  info: 'info',
  warning: 'warning',
  avertissement: 'warning',
  critical: 'critical',
  critique: 'critical',
};

/** `/subscribe TOPIC [SEVERITY]`: receive a family, a rule or a report kind from that severity up. */
@Injectable()
export class SubscribeCommand implements ChatCommand {
  readonly name = 'subscribe';
  readonly description = { fr: "S'abonner : /subscribe cash [critique]", en: 'Subscribe: /subscribe cash [critical]' };

  constructor(
    private readonly chats: ChatStore,
    private readonly change: ChangeSubscriptions,
  ) {}

  async run(req: CommandRequest): Promise<void> {
    const [rawTopic, rawSeverity, extra] = req.args.split(/\s+/).filter(Boolean);
    if (!rawTopic || extra) return req.reply(req.texts.usage('/subscribe cash|cash.variance|report.weekly [info|warning|critical]'));
    const topic = normalizeTopic(rawTopic);
    if (!topic) return req.reply(req.texts.unknownTopic(rawTopic));
    const severity = rawSeverity ? SEVERITY_WORDS[rawSeverity.toLowerCase()] : undefined;
    if (rawSeverity && !severity) return req.reply(req.texts.usage('/subscribe TOPIC [info|warning|critical]'));
    const view = await this.chats.subscriptionView(req.chat.chatId);
    const current = view.find((s) => s.topic === topic) ?? { ...subscriptionFor(view, topic), topic };
    const next = { ...current, enabled: true, minSeverity: severity ?? current.minSeverity };
    await this.change.execute(req.chat.chatId, { set: next });
    await req.reply(req.texts.subscriptionSet(next));
  }
}
