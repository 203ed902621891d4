import { Controller, Delete, Get, HttpCode, Post, Put } from '@nestjs/common';
import {
  ChatId,
  CreateLinkCodeRequest,
  PutSubscriptionsRequest,
  type ChatListResponse,
  type LinkCodeResponse,
  type SubscriptionsResponse,
} from '@vigie/contracts';
import { ZodBody, ZodParam } from '@vigie/health';
import { CurrentAccount } from '../auth/api-auth.guard';
import type { AuthenticatedAccount } from '../auth/authenticator';
import { NotificationClient } from '../upstream/notification.client';
import { OwnChats } from '../usecases/own-chats.usecase';

/**
 * Telegram chats linked to Vigie: admins create link codes, and see, configure and unlink the chats
 * their own codes linked; super-admins see and manage every chat.
 */
@Controller('api/chats')
export class ChatsController {
  constructor(
    private readonly notification: NotificationClient,
    private readonly ownChats: OwnChats,
  ) {}

  @Get()
  list(@CurrentAccount() caller: AuthenticatedAccount): Promise<ChatListResponse> {
    return this.ownChats.list(caller);
  }

  @Post('link-codes')
  @HttpCode(201)
  linkCode(
    @ZodBody(CreateLinkCodeRequest) body: CreateLinkCodeRequest,
    @CurrentAccount() caller: AuthenticatedAccount,
  ): Promise<LinkCodeResponse> {
    return this.notification.createLinkCode({ ...body, createdBy: caller.principal });
  }

  @Get(':chatId/subscriptions')
  async subscriptions(
    @ZodParam('chatId', ChatId) chatId: string,
    @CurrentAccount() caller: AuthenticatedAccount,
  ): Promise<SubscriptionsResponse> {
    await this.ownChats.assertManageable(caller, chatId);
    return this.notification.subscriptions(chatId);
  }

  @Put(':chatId/subscriptions')
  async replaceSubscriptions(
    @ZodParam('chatId', ChatId) chatId: string,
    @ZodBody(PutSubscriptionsRequest) body: PutSubscriptionsRequest,
    @CurrentAccount() caller: AuthenticatedAccount,
  ): Promise<SubscriptionsResponse> {
    await this.ownChats.assertManageable(caller, chatId);
    return this.notification.replaceSubscriptions(chatId, body.items);
  }

  @Delete(':chatId')
  @HttpCode(204)
  async unlink(@ZodParam('chatId', ChatId) chatId: string, @CurrentAccount() caller: AuthenticatedAccount): Promise<void> {
    await this.ownChats.assertManageable(caller, chatId);
    return this.notification.unlink(chatId);
  }
}
