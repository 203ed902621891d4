import { Controller, Delete, Get, HttpCode, Patch, Post, Put, UseGuards } from '@nestjs/common';
import { DomainError, ZodBody, ZodParam } from '@vigie/health';
import { ChatStore } from '../chats/chat-store';
import { formatClock, type QuietHours } from '../domain/quiet-hours';
import type { ChatRow } from '../entities/chat.entity';
import { ChangeSubscriptions } from '../usecases/change-subscriptions/change-subscriptions.usecase';
import { ConfigureChat } from '../usecases/configure-chat/configure-chat.usecase';
import { CreateLinkCode } from '../usecases/create-link-code/create-link-code.usecase';
import { SendTestNotification } from '../usecases/send-test-notification/send-test-notification.usecase';
import { UnlinkChat } from '../usecases/unlink-chat/unlink-chat.usecase';
import { ChatIdParam, CreateLinkCodeBody, PatchChatBody, PutSubscriptionsBody } from './dto';
import { ApiTokenGuard } from './api-token.guard';

/** What the dashboard shows of a chat: ids and settings, nothing personal. */
export interface ChatView {
  chatId: string;
  principal: string;
  linkedVia: string;
  /** The principal of the admin who asked for the link code (the gateway shows admins their own chats). */
  linkedBy: string | null;
  linkedAt: string;
  locale: string;
  timeZone: string;
  quietHours: { start: string; end: string } | null;
  mutedUntil: string | null;
}

function view(chat: ChatRow): ChatView {
  return {
    chatId: chat.chatId,
    principal: chat.principal,
    linkedVia: chat.linkedVia,
    linkedBy: chat.linkedBy ?? null,
    linkedAt: chat.updatedAt.toISOString(),
    locale: chat.locale,
    timeZone: chat.timeZone,
    quietHours: chat.quietStart != null && chat.quietEnd != null ? { start: formatClock(chat.quietStart), end: formatClock(chat.quietEnd) } : null,
    mutedUntil: chat.mutedUntil ? chat.mutedUntil.toISOString() : null,
  };
}

function minutesOf(clock: string): number {
  const [h, m] = clock.split(':').map(Number);
  return h * 60 + m;
}

/** Linked chats, link codes, subscriptions and test sends, for the dashboard (through the gateway). */
@Controller('chats')
@UseGuards(ApiTokenGuard)
export class ChatsController {
  constructor(
    private readonly chats: ChatStore,
    private readonly createLinkCode: CreateLinkCode,
    private readonly changeSubscriptions: ChangeSubscriptions,
    private readonly configure: ConfigureChat,
    private readonly unlink: UnlinkChat,
    private readonly sendTest: SendTestNotification,
  ) {}

  @Post('link-codes')
  @HttpCode(201)
  async linkCode(@ZodBody(CreateLinkCodeBody) body: CreateLinkCodeBody) {
    const code = await this.createLinkCode.execute(body);
    return { ...code, command: `/link ${code.code}` };
  }

  @Get()
  async list(): Promise<{ items: ChatView[] }> {
    return { items: (await this.chats.activeChats()).map(view) };
  }

  @Get(':chatId')
  async get(@ZodParam('chatId', ChatIdParam) chatId: string): Promise<ChatView> {
    const chat = await this.chats.active(chatId);
    if (!chat) throw new DomainError('chat.not-found', `no linked chat ${chatId}`, 404);
    return view(chat);
  }

  @Patch(':chatId')
  async patch(@ZodParam('chatId', ChatIdParam) chatId: string, @ZodBody(PatchChatBody) body: PatchChatBody): Promise<ChatView> {
    const quietHours: QuietHours | null | undefined =
      body.quietHours === undefined ? undefined : body.quietHours === null ? null : { start: minutesOf(body.quietHours.start), end: minutesOf(body.quietHours.end) };
    const chat = await this.configure.execute(chatId, {
      locale: body.locale,
      timeZone: body.timeZone,
      quietHours,
      mutedUntil: body.mutedUntil === undefined ? undefined : body.mutedUntil === null ? null : new Date(body.mutedUntil),
    });
    return view(chat);
  }

  @Delete(':chatId')
  @HttpCode(204)
  async remove(@ZodParam('chatId', ChatIdParam) chatId: string): Promise<void> {
    await this.unlink.execute(chatId);
  }

  @Get(':chatId/subscriptions')
  async subscriptions(@ZodParam('chatId', ChatIdParam) chatId: string) {
    if (!(await this.chats.active(chatId))) throw new DomainError('chat.not-found', `no linked chat ${chatId}`, 404);
    return { chatId, items: await this.chats.subscriptionView(chatId) };
  }

  @Put(':chatId/subscriptions')
  async putSubscriptions(@ZodParam('chatId', ChatIdParam) chatId: string, @ZodBody(PutSubscriptionsBody) body: PutSubscriptionsBody) {
    return { chatId, items: await this.changeSubscriptions.execute(chatId, { replace: body.items }) };
  }

  /** Sends a real test message; 200 with what Telegram answered, or 502 with why it failed. */
  @Post(':chatId/test')
  @HttpCode(200)
  async test(@ZodParam('chatId', ChatIdParam) chatId: string) {
    const outcome = await this.sendTest.toChat(chatId);
    if (!outcome.ok) {
      const status = outcome.error?.code === 'chat.not-found' ? 404 : outcome.error?.code === 'telegram.off' ? 409 : 502;
      throw new DomainError(outcome.error?.code ?? 'telegram.failed', outcome.error?.message ?? 'not sent', status);
    }
    return outcome;
  }
}
