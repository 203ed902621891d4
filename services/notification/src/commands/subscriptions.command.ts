import { Injectable } from '@nestjs/common';
import type { InlineKeyboardMarkup } from 'grammy/types';
import type { ButtonHandler, ButtonRequest, ChatCommand, CommandRequest } from '../bot/chat-command';
import { ChatStore } from '../chats/chat-store';
import { cycleSeverity, isTopic, type Subscription } from '../domain/subscriptions';
import { resolvedButton, subscriptionButton } from '../templates/bot-texts';
import { topicLabel, type Locale } from '../templates/i18n';
import { ChangeSubscriptions } from '../usecases/change-subscriptions/change-subscriptions.usecase';

/** `sub:s:<topic>` cycles the minimum severity (or switches the weekly report), `sub:r:<topic>` toggles resolution notices. */
export function subscriptionsKeyboard(subs: readonly Subscription[], locale: Locale): InlineKeyboardMarkup {
  return {
    inline_keyboard: subs.map((sub) => {
      if (sub.topic === 'report.weekly') {
        return [{ text: `${topicLabel(sub.topic, locale)} : ${sub.enabled ? '✅' : '🔕'}`, callback_data: `sub:s:${sub.topic}` }];
      }
      return [
        { text: subscriptionButton(sub, locale), callback_data: `sub:s:${sub.topic}` },
        { text: resolvedButton(sub, locale), callback_data: `sub:r:${sub.topic}` },
      ];
    }),
  };
}

/** `/subscriptions`: every topic of this chat as buttons; presses change them in place. */
@Injectable()
export class SubscriptionsCommand implements ChatCommand, ButtonHandler {
  readonly name = 'subscriptions';
  readonly description = { fr: 'Choisir les alertes reçues (boutons)', en: 'Choose the alerts you get (buttons)' };
  readonly prefixes = ['sub:'];

  constructor(
    private readonly chats: ChatStore,
    private readonly change: ChangeSubscriptions,
  ) {}

  async run(req: CommandRequest): Promise<void> {
    const subs = await this.chats.subscriptionView(req.chat.chatId);
    await req.reply(req.texts.subscriptionsIntro, subscriptionsKeyboard(subs, req.render.locale));
  }

  async press(req: ButtonRequest): Promise<void> {
    const m = /^sub:([sr]):(.+)$/.exec(req.data);
    if (!m || !isTopic(m[2])) return req.answer();
    const current = (await this.chats.subscriptionView(req.chat.chatId)).find((s) => s.topic === m[2]);
    if (!current) return req.answer();
    let next: Subscription;
    if (m[1] === 'r') next = { ...current, resolved: !current.resolved };
    else if (current.topic === 'report.weekly') next = { ...current, enabled: !current.enabled };
    else next = cycleSeverity(current);
    const subs = await this.change.execute(req.chat.chatId, { set: next });
    await req.editKeyboard(subscriptionsKeyboard(subs, req.render.locale));
    await req.answer(req.texts.saved);
  }
}
