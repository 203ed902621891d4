import { Injectable } from '@nestjs/common';
import { uuidv7 } from '@vigie/contracts';
import type { Channel } from '../../channels/channel';
import { EmailChannel } from '../../channels/email.channel';
import { TelegramChannel } from '../../channels/telegram.channel';
import { ChatStore } from '../../chats/chat-store';
import { DeliveryOutcomes } from '../../delivery/delivery-outcomes';
import { DeliveryRepository } from '../../delivery/delivery.repository';
import { deliveryIdFor } from '../../domain/ids';
import { isBreakerOpen } from '../../delivery/channel-breaker';

export interface TestOutcome {
  channel: 'telegram' | 'email';
  /** The chat id, or the opaque id of an e-mail address. */
  recipient: string;
  ok: boolean;
  deliveryId?: string;
  messageId?: number;
  error?: { code: string; message: string };
}

/**
 * Sends a real test message right now — past the queue, not past the breaker — and says what
 * actually happened. It is recorded and announced on NOTIFY like any delivery.
 */
@Injectable()
export class SendTestNotification {
  constructor(
    private readonly telegram: TelegramChannel,
    private readonly email: EmailChannel,
    private readonly chats: ChatStore,
    private readonly repo: DeliveryRepository,
    private readonly outcomes: DeliveryOutcomes,
  ) {}

  async toChat(chatId: string): Promise<TestOutcome> {
    if (!this.telegram.enabled) return off('telegram', chatId);
    if (!(await this.chats.active(chatId))) {
      return { channel: 'telegram', recipient: chatId, ok: false, error: { code: 'chat.not-found', message: `no linked chat ${chatId}` } };
    }
    return this.sendOne(this.telegram, chatId);
  }

  async toEmail(): Promise<TestOutcome[]> {
    if (!this.email.enabled) return [off('email', 'smtp')];
    const recipients = this.email.recipients;
    if (recipients.length === 0) return [{ channel: 'email', recipient: 'smtp', ok: false, error: { code: 'email.no-recipient', message: 'EMAIL_TO is empty' } }];
    const out: TestOutcome[] = [];
    for (const r of recipients) out.push(await this.sendOne(this.email, r));
    return out;
  }

  private async sendOne(channel: Channel, recipient: string): Promise<TestOutcome> {
    const profile = await channel.profile(recipient);
    if (!profile) return { channel: channel.id, recipient, ok: false, error: { code: 'recipient.unlinked', message: 'not a recipient' } };
    const sourceEventId = uuidv7();
    const deliveryId = deliveryIdFor(sourceEventId, channel.id, recipient);
    if (!channel.breaker.canCall()) {
      const error = { code: `${channel.id}.circuit-open`, message: `${channel.id} is considered down; the breaker lets a trial through shortly` };
      return { channel: channel.id, recipient, ok: false, error };
    }
    await this.repo.insertClaimed({ deliveryId, kind: 'test', sourceEventId, siteId: 'global', channel: channel.id, recipient, payload: { message: {} } });
    const [row] = await this.repo.byIds([deliveryId]);
    const [message] = channel.compose([row], profile);
    try {
      const { messageId } = await channel.send(recipient, message.body);
      await this.outcomes.final(await this.repo.markSent([deliveryId], messageId, 1));
      return { channel: channel.id, recipient, ok: true, deliveryId, ...(messageId !== undefined ? { messageId } : {}) };
    } catch (e) {
      const failure = isBreakerOpen(e)
        ? { code: `${channel.id}.circuit-open`, message: `${channel.id} is considered down` }
        : (channel.classify(e) ?? { code: `${channel.id}.unexpected`, message: (e as Error).message });
      const error = { code: failure.code, message: failure.message };
      await this.outcomes.final(await this.repo.fail([deliveryId], error));
      return { channel: channel.id, recipient, ok: false, deliveryId, error };
    }
  }
}

function off(channel: 'telegram' | 'email', recipient: string): TestOutcome {
  const code = channel === 'telegram' ? 'telegram.off' : 'email.off';
  const message = channel === 'telegram' ? 'no TELEGRAM_BOT_TOKEN configured' : 'no SMTP_URL configured';
  return { channel, recipient, ok: false, error: { code, message } };
}
