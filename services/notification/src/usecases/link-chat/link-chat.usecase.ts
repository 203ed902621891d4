import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { EventPublisher } from '@vigie/messaging';
import { ChatPrincipal } from '../../chats/chat-principal';
import { ChatStore } from '../../chats/chat-store';
import { hashLinkCode, normalizeLinkCode } from '../../domain/link-code';
import type { ChatRow } from '../../entities/chat.entity';
import { publishLogin } from '../refuse-chat/auth-events';

export type LinkOutcome = { ok: true; chat: ChatRow; created: boolean } | { ok: false; reason: 'link-code-invalid' | 'link-locked-out' };

/** After this many wrong codes within the window a chat is not even checked until it passes. */
const MAX_FAILURES = 5;
const FAILURE_WINDOW_MS = 15 * 60_000;

/**
 * `/link CODE` from a chat: consumes the code (once, before it expires) and links the chat with the
 * default subscriptions. Every attempt is an `auth.login.*` event of the chat's principal; a chat
 * guessing codes is locked out for a while (the codes have about 40 bits and live minutes).
 */
@Injectable()
export class LinkChat {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly em: EntityManager,
    private readonly chats: ChatStore,
    private readonly principals: ChatPrincipal,
    private readonly publisher: EventPublisher,
  ) {}

  async execute(chatId: string, typed: string, now = Date.now()): Promise<LinkOutcome> {
    const principal = this.principals.of(chatId);
    const recent = (this.failures.get(chatId) ?? []).filter((t) => now - t < FAILURE_WINDOW_MS);
    if (recent.length >= MAX_FAILURES) {
      await publishLogin(this.publisher, principal, { ok: false, reason: 'link-locked-out' });
      return { ok: false, reason: 'link-locked-out' };
    }
    const code = normalizeLinkCode(typed);
    const linked = code ? await this.consume(chatId, code) : undefined;
    if (!linked) {
      this.failures.set(chatId, [...recent, now]);
      await publishLogin(this.publisher, principal, { ok: false, reason: 'link-code-invalid' });
      return { ok: false, reason: 'link-code-invalid' };
    }
    this.failures.delete(chatId);
    await publishLogin(this.publisher, principal, { ok: true });
    return { ok: true, ...linked };
  }

  private async consume(chatId: string, code: string): Promise<{ chat: ChatRow; created: boolean } | undefined> {
    return this.em.fork().transactional(async (em) => {
      const claimed = await em.execute<{ created_by: string | null }[]>(
        `update "link_code" set "used_at" = now(), "used_by_chat" = ?
         where "code_hash" = ? and "used_at" is null and "expires_at" > now() returning "created_by"`,
        [chatId, hashLinkCode(code)],
      );
      if (claimed.length === 0) return undefined;
      return this.chats.link(em, chatId, 'code', claimed[0].created_by);
    });
  }
}
