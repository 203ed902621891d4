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
import { CurrentAccount, RequireRoles } from '../auth/api-auth.guard';
import type { AuthenticatedAccount } from '../auth/authenticator';
import { NotificationClient } from '../upstream/notification.client';

/**
 * Telegram chats linked to Vigie: admins create link codes and choose what each chat receives;
 * unlinking a chat is for super-admins.
 */
@Controller('api/chats')
export class ChatsController {
  constructor(private readonly notification: NotificationClient) {}

  @Get()
  list(): Promise<ChatListResponse> {
    return this.notification.chats();
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
  subscriptions(@ZodParam('chatId', ChatId) chatId: string): Promise<SubscriptionsResponse> {
    return this.notification.subscriptions(chatId);
  }

  @Put(':chatId/subscriptions')
  replaceSubscriptions(
    @ZodParam('chatId', ChatId) chatId: string,
    @ZodBody(PutSubscriptionsRequest) body: PutSubscriptionsRequest,
  ): Promise<SubscriptionsResponse> {
    return this.notification.replaceSubscriptions(chatId, body.items);
  }

  @Delete(':chatId')
  @HttpCode(204)
  @RequireRoles('super-admin')
  unlink(@ZodParam('chatId', ChatId) chatId: string): Promise<void> {
    return this.notification.unlink(chatId);
  }
}
