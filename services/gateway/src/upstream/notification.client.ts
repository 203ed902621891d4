import {
  ChatListResponse,
  ChatView,
  LinkCodeResponse,
  SubscriptionsResponse,
  type Subscription,
} from '@vigie/contracts';
import { UpstreamHttp } from './upstream-http';

/** HTTP client of the notification service's chat API: linked chats, link codes, subscriptions. */
export class NotificationClient {
  private readonly http: UpstreamHttp;

  constructor(baseUrl: string, timeoutMs: number) {
    this.http = new UpstreamHttp('notification', baseUrl, timeoutMs);
  }

  chats(): Promise<ChatListResponse> {
    return this.http.json({ path: '/chats' }, ChatListResponse);
  }

  /** One linked chat; 404 `chat.not-found` (relayed) when it is not linked. */
  chat(chatId: string): Promise<ChatView> {
    return this.http.json({ path: `/chats/${encodeURIComponent(chatId)}` }, ChatView);
  }

  /** `createdBy` is the asking admin's opaque principal, recorded on the chat the code links. */
  createLinkCode(body: { createdBy: string; ttlMinutes?: number }): Promise<LinkCodeResponse> {
    return this.http.json({ method: 'POST', path: '/chats/link-codes', body }, LinkCodeResponse);
  }

  subscriptions(chatId: string): Promise<SubscriptionsResponse> {
    return this.http.json({ path: `/chats/${encodeURIComponent(chatId)}/subscriptions` }, SubscriptionsResponse);
  }

  replaceSubscriptions(chatId: string, items: Subscription[]): Promise<SubscriptionsResponse> {
    return this.http.json(
      { method: 'PUT', path: `/chats/${encodeURIComponent(chatId)}/subscriptions`, body: { items } },
      SubscriptionsResponse,
    );
  }

  unlink(chatId: string): Promise<void> {
    return this.http.empty({ method: 'DELETE', path: `/chats/${encodeURIComponent(chatId)}` });
  }
}
