import { Injectable } from '@nestjs/common';
import type { ChatListResponse, ChatView } from '@vigie/contracts';
import { DomainError } from '@vigie/health';
import type { AuthenticatedAccount } from '../auth/authenticator';
import { NotificationClient } from '../upstream/notification.client';

type Caller = Pick<AuthenticatedAccount, 'role' | 'principal'>;

/** Super-admins see and manage every chat; an admin only the chats linked with their own link codes. */
export function mayManageChat(caller: Caller, chat: Pick<ChatView, 'linkedBy'>): boolean {
  return caller.role === 'super-admin' || (chat.linkedBy !== null && chat.linkedBy === caller.principal);
}

/**
 * The chats a caller may see, and the check before reading or changing one: another admin's chat
 * answers 404 like a chat that does not exist, so its existence is not revealed.
 */
@Injectable()
export class OwnChats {
  constructor(private readonly notification: NotificationClient) {}

  async list(caller: Caller): Promise<ChatListResponse> {
    const { items } = await this.notification.chats();
    return { items: items.filter((chat) => mayManageChat(caller, chat)) };
  }

  async assertManageable(caller: Caller, chatId: string): Promise<void> {
    if (caller.role === 'super-admin') return;
    const chat = await this.notification.chat(chatId);
    if (!mayManageChat(caller, chat)) throw new DomainError('chat.not-found', `no linked chat ${chatId}`, 404);
  }
}
