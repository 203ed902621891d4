import { Injectable } from '@nestjs/common';
import { EventPublisher } from '@vigie/messaging';
import { ChatPrincipal } from '../../chats/chat-principal';
import { publishLogin } from './auth-events';

/** How often one unlinked chat is answered at most; every attempt is still recorded. */
const REPLY_EVERY_MS = 30_000;

/**
 * A chat that is not linked wrote to the bot: an `auth.login.failed` (channel telegram) for the
 * anomaly service to count, and a polite refusal — not more than one per chat every 30 s, so a
 * stranger cannot make the bot spend its sending budget.
 */
@Injectable()
export class RefuseChat {
  private readonly lastReply = new Map<string, number>();

  constructor(
    private readonly publisher: EventPublisher,
    private readonly principals: ChatPrincipal,
  ) {}

  /** Resolves with whether to answer this time. */
  async execute(chatId: string, reason: string, now = Date.now()): Promise<boolean> {
    await publishLogin(this.publisher, this.principals.of(chatId), { ok: false, reason });
    const last = this.lastReply.get(chatId);
    if (last !== undefined && now - last < REPLY_EVERY_MS) return false;
    if (this.lastReply.size > 10_000) this.lastReply.clear();
    this.lastReply.set(chatId, now);
    return true;
  }
}
