import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Chat, Message, Update, User } from 'grammy/types';

/** One request the local Bot API server answered (with a valid token). */
export interface BotApiCall {
  method: string;
  params: Record<string, unknown>;
  at: Date;
  /** HTTP status it was answered with: 200, or the injected/real error code. */
  status: number;
}

export interface BotApiFault {
  /** HTTP status and `error_code` of the answer, e.g. 502, 500, 400, 403. */
  status: number;
  description?: string;
  /** Only calls of this method consume the fault; by default any method does. */
  method?: string;
}

export interface LocalBotApiOptions {
  /** `<bot id>:<secret>`; a random one by default. */
  token?: string;
}

interface QueuedFault {
  status: number;
  description: string;
  method?: string;
  retryAfter?: number;
  remaining: number;
}

interface PendingPoll {
  offset: number;
  limit: number;
  resolve: (updates: Update[]) => void;
  timer: NodeJS.Timeout;
}

class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly description: string,
    readonly parameters?: Record<string, unknown>,
  ) {
    super(description);
  }
}

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

/** Telegram caps long polling at 50 s; we cap lower so a forgotten poll never outlives a test. */
const MAX_POLL_SECONDS = 30;
const NUMERIC_PARAMS = new Set(['chat_id', 'message_id', 'offset', 'limit', 'timeout', 'cache_time', 'reply_to_message_id']);

/**
 * A real HTTP server speaking the subset of the Telegram Bot API Vigie uses, for tests and local
 * runs: point grammY's `client.apiRoot` (our `TELEGRAM_API_ROOT`) at `apiRoot`. It records every
 * call, feeds `getUpdates` from `pushUpdate`, and injects faults (5xx, 429, down) on demand.
 */
export class LocalBotApi {
  private readonly calls_: BotApiCall[] = [];
  private readonly faults: QueuedFault[] = [];
  private readonly updates: Update[] = [];
  private readonly polls = new Set<PendingPoll>();
  private readonly callWaiters = new Set<() => void>();
  private readonly messages = new Map<string, Message>();
  private nextMessageId = 1;
  private nextUpdateId = 1;
  private nextCallbackId = 1;
  private down = false;

  private constructor(
    private readonly server: Server,
    readonly token: string,
    readonly apiRoot: string,
    readonly me: User,
  ) {}

  static async start(options: LocalBotApiOptions = {}): Promise<LocalBotApi> {
    const token = options.token ?? `${100000 + (randomBytes(3).readUIntBE(0, 3) % 900000)}:TEST-${randomBytes(12).toString('hex')}`;
    const botId = Number(token.split(':')[0]);
    if (!/^\d+:[A-Za-z0-9_-]+$/.test(token) || !Number.isSafeInteger(botId)) {
      throw new Error('token must look like <numeric bot id>:<secret>');
    }
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    const { port } = server.address() as AddressInfo;
    const me: User = {
      id: botId,
      is_bot: true,
      first_name: 'Vigie (test)',
      username: 'vigie_test_bot',
      can_join_groups: true,
      can_read_all_group_messages: false,
      supports_inline_queries: false,
    } as User;
    const bot = new LocalBotApi(server, token, `http://127.0.0.1:${port}`, me);
    server.on('request', (req, res) => {
      bot.handle(req, res).catch(() => send(res, 500, { ok: false, error_code: 500, description: 'Internal Server Error' }));
    });
    return bot;
  }

  /** Every recorded call, optionally of one method, oldest first. */
  calls(method?: string): BotApiCall[] {
    return this.calls_.filter((c) => method === undefined || c.method === method);
  }

  /** Resolves with the calls of `method` once there are at least `n` of them. */
  waitForCalls(method: string, n: number, timeoutMs = 5000): Promise<BotApiCall[]> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const found = this.calls(method);
        if (found.length < n) return false;
        cleanup();
        resolve(found);
        return true;
      };
      const timer = setTimeout(() => {
        cleanup();
        const seen = this.calls_.map((c) => `${c.method}→${c.status}`).join(', ') || 'none';
        reject(new Error(`expected ${n} ${method} call(s) within ${timeoutMs} ms, got ${this.calls(method).length} (calls: ${seen})`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        this.callWaiters.delete(waiter);
      };
      const waiter = () => void check();
      if (!check()) this.callWaiters.add(waiter);
    });
  }

  /** The next `n` matching calls answer with this error instead of their result. */
  failNext(n: number, fault: BotApiFault = { status: 502 }): void {
    this.faults.push({
      status: fault.status,
      description: fault.description ?? defaultDescription(fault.status),
      method: fault.method,
      remaining: n,
    });
  }

  /** The next `n` matching calls answer 429 with `parameters.retry_after`, as Telegram's flood control does. */
  rateLimitNext(n: number, retryAfterSec: number, method?: string): void {
    this.faults.push({
      status: 429,
      description: `Too Many Requests: retry after ${retryAfterSec}`,
      retryAfter: retryAfterSec,
      method,
      remaining: n,
    });
  }

  /** While down, every connection is reset without an answer (a network error for the client). */
  setDown(down: boolean): void {
    this.down = down;
  }

  /** Queues an update for `getUpdates`; `update_id` is assigned when missing. */
  pushUpdate(update: Omit<Update, 'update_id'> & { update_id?: number }): Update {
    const full = { ...update, update_id: update.update_id ?? this.nextUpdateId } as Update;
    this.nextUpdateId = Math.max(this.nextUpdateId, full.update_id) + 1;
    this.updates.push(full);
    this.flushPolls();
    return full;
  }

  /** A user writes `text` to the bot in the private chat `chatId`. */
  sendUserMessage(chatId: number, text: string): Update {
    const message = {
      message_id: this.nextMessageId++,
      from: userOf(chatId),
      chat: chatOf(chatId),
      date: unixNow(),
      text,
      ...(text.startsWith('/') ? { entities: [{ type: 'bot_command', offset: 0, length: text.split(/\s/)[0].length }] } : {}),
    } as Message;
    return this.pushUpdate({ message } as Update);
  }

  /** A user presses the inline button carrying `data` under the bot's message `messageId`. */
  pressButton(chatId: number, messageId: number, data: string): Update {
    const message = this.messages.get(messageKey(chatId, messageId)) ?? ({
      message_id: messageId,
      chat: chatOf(chatId),
      date: unixNow(),
      from: this.me,
    } as Message);
    return this.pushUpdate({
      callback_query: {
        id: String(this.nextCallbackId++),
        from: userOf(chatId),
        message,
        chat_instance: `ci-${chatId}`,
        data,
      },
    } as Update);
  }

  /** Forgets calls, faults, queued updates and sent messages; comes back up. Ids keep increasing. */
  reset(): void {
    this.calls_.length = 0;
    this.faults.length = 0;
    this.updates.length = 0;
    this.messages.clear();
    this.down = false;
    for (const poll of this.polls) this.endPoll(poll, []);
  }

  async stop(): Promise<void> {
    for (const poll of this.polls) this.endPoll(poll, []);
    // Lets the answers of the polls just ended reach their clients before connections are cut.
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (this.down) {
      req.socket.destroy();
      return;
    }
    const url = new URL(req.url ?? '/', this.apiRoot);
    const match = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(url.pathname);
    if (!match || !['GET', 'POST'].includes(req.method ?? '')) {
      return send(res, 404, { ok: false, error_code: 404, description: 'Not Found' });
    }
    const [, token, method] = match;
    if (token !== this.token) {
      return send(res, 401, { ok: false, error_code: 401, description: 'Unauthorized' });
    }
    let params: Record<string, unknown>;
    try {
      params = { ...fromForm(Object.fromEntries(url.searchParams)), ...(await readBody(req)) };
    } catch (e) {
      return this.answer(res, method, {}, new ApiError(400, `Bad Request: ${(e as Error).message}`));
    }
    const handler = this.methods[method];
    if (!handler) return this.answer(res, method, params, new ApiError(404, 'Not Found: method not found'));
    const fault = this.takeFault(method);
    if (fault) {
      return this.answer(
        res,
        method,
        params,
        new ApiError(fault.status, fault.description, fault.retryAfter !== undefined ? { retry_after: fault.retryAfter } : undefined),
      );
    }
    try {
      this.answer(res, method, params, await handler(params));
    } catch (e) {
      this.answer(res, method, params, e instanceof ApiError ? e : new ApiError(500, 'Internal Server Error'));
    }
  }

  private answer(res: ServerResponse, method: string, params: Record<string, unknown>, outcome: unknown): void {
    const status = outcome instanceof ApiError ? outcome.status : 200;
    this.record({ method, params, at: new Date(), status });
    if (outcome instanceof ApiError) {
      send(res, outcome.status, {
        ok: false,
        error_code: outcome.status,
        description: outcome.description,
        ...(outcome.parameters ? { parameters: outcome.parameters } : {}),
      });
    } else {
      send(res, 200, { ok: true, result: outcome });
    }
  }

  private record(call: BotApiCall): void {
    this.calls_.push(call);
    for (const waiter of [...this.callWaiters]) waiter();
  }

  private takeFault(method: string): QueuedFault | undefined {
    const index = this.faults.findIndex((f) => f.method === undefined || f.method === method);
    if (index < 0) return undefined;
    const fault = this.faults[index];
    if (--fault.remaining <= 0) this.faults.splice(index, 1);
    return fault;
  }

  private readonly methods: Record<string, (p: Record<string, unknown>) => unknown> = {
    getMe: () => this.me,
    sendMessage: (p) => {
      const chatId = requireChatId(p);
      const text = requireText(p, 'text');
      const message = {
        message_id: this.nextMessageId++,
        from: this.me,
        chat: chatOf(chatId),
        date: unixNow(),
        text,
        ...(p.reply_markup ? { reply_markup: p.reply_markup } : {}),
      } as Message;
      this.messages.set(messageKey(chatId, message.message_id), message);
      return message;
    },
    editMessageText: (p) => {
      const message = this.findMessage(p);
      const text = requireText(p, 'text');
      if (message.text === text && sameMarkup(message.reply_markup, p.reply_markup)) {
        throw new ApiError(400, 'Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message');
      }
      const edited = { ...message, text, edit_date: unixNow(), reply_markup: p.reply_markup } as Message;
      if (!p.reply_markup) delete (edited as { reply_markup?: unknown }).reply_markup;
      this.messages.set(messageKey(edited.chat.id, edited.message_id), edited);
      return edited;
    },
    editMessageReplyMarkup: (p) => {
      const message = this.findMessage(p);
      if (sameMarkup(message.reply_markup, p.reply_markup)) {
        throw new ApiError(400, 'Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message');
      }
      const edited = { ...message, edit_date: unixNow(), reply_markup: p.reply_markup } as Message;
      if (!p.reply_markup) delete (edited as { reply_markup?: unknown }).reply_markup;
      this.messages.set(messageKey(edited.chat.id, edited.message_id), edited);
      return edited;
    },
    answerCallbackQuery: (p) => {
      if (typeof p.callback_query_id !== 'string' || !p.callback_query_id) {
        throw new ApiError(400, 'Bad Request: query is too old and response timeout expired or query ID is invalid');
      }
      return true;
    },
    setMyCommands: (p) => {
      if (!Array.isArray(p.commands)) throw new ApiError(400, 'Bad Request: field "commands" must be an Array');
      return true;
    },
    deleteWebhook: () => true,
    getUpdates: (p) => this.getUpdates(p),
  };

  private findMessage(p: Record<string, unknown>): Message {
    const chatId = requireChatId(p);
    const messageId = Number(p.message_id);
    const message = this.messages.get(messageKey(chatId, messageId));
    if (!message) throw new ApiError(400, 'Bad Request: message to edit not found');
    return message;
  }

  private getUpdates(p: Record<string, unknown>): Promise<Update[]> {
    const offset = typeof p.offset === 'number' ? p.offset : 0;
    const limit = Math.min(Math.max(typeof p.limit === 'number' ? p.limit : 100, 1), 100);
    const timeoutSec = Math.min(Math.max(typeof p.timeout === 'number' ? p.timeout : 0, 0), MAX_POLL_SECONDS);
    // Telegram confirms every update below `offset` as soon as a call carries it.
    if (offset > 0) {
      const keep = this.updates.filter((u) => u.update_id >= offset);
      this.updates.splice(0, this.updates.length, ...keep);
    }
    const ready = this.pending(offset, limit);
    if (ready.length > 0 || timeoutSec === 0) return Promise.resolve(ready);
    return new Promise((resolve) => {
      const poll: PendingPoll = {
        offset,
        limit,
        resolve,
        timer: setTimeout(() => this.endPoll(poll, []), timeoutSec * 1000),
      };
      this.polls.add(poll);
    });
  }

  private pending(offset: number, limit: number): Update[] {
    return this.updates.filter((u) => u.update_id >= offset).slice(0, limit);
  }

  private flushPolls(): void {
    for (const poll of this.polls) {
      const ready = this.pending(poll.offset, poll.limit);
      if (ready.length > 0) this.endPoll(poll, ready);
    }
  }

  private endPoll(poll: PendingPoll, updates: Update[]): void {
    clearTimeout(poll.timer);
    this.polls.delete(poll);
    poll.resolve(updates);
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent || res.destroyed) return;
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

async function readBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks);
  if (raw.length === 0) return {};
  const type = (req.headers['content-type'] ?? '').toLowerCase();
  if (type.startsWith('application/json')) {
    const value: unknown = JSON.parse(raw.toString('utf8'));
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('body must be a JSON object');
    return value as Record<string, unknown>;
  }
  if (type.startsWith('application/x-www-form-urlencoded')) {
    return fromForm(Object.fromEntries(new URLSearchParams(raw.toString('utf8'))));
  }
  if (type.startsWith('multipart/form-data')) {
    const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(req.headers['content-type'] ?? '');
    if (!boundary) throw new Error('multipart body without boundary');
    return fromForm(parseMultipart(raw.toString('utf8'), boundary[1] ?? boundary[2]));
  }
  throw new Error(`unsupported content type "${type}"`);
}

/** Text fields only: Vigie never uploads files, and file parts are kept as their raw text. */
function parseMultipart(body: string, boundary: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const part of body.split(`--${boundary}`)) {
    const headerEnd = part.indexOf('\r\n\r\n');
    if (headerEnd < 0) continue;
    const name = /name="([^"]+)"/.exec(part.slice(0, headerEnd));
    if (!name) continue;
    fields[name[1]] = part.slice(headerEnd + 4).replace(/\r\n$/, '');
  }
  return fields;
}

/** Form and query values arrive as strings; Telegram reads ids as numbers and markup as JSON. */
function fromForm(params: Record<string, string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(params)) {
    if (NUMERIC_PARAMS.has(key) && /^-?\d+$/.test(value)) {
      out[key] = Number(value);
    } else if (/^\s*[[{]/.test(value)) {
      try {
        out[key] = JSON.parse(value);
      } catch {
        out[key] = value;
      }
    } else {
      out[key] = value;
    }
  }
  return out;
}

function requireChatId(p: Record<string, unknown>): number {
  const id = p.chat_id;
  if (typeof id === 'number' && Number.isSafeInteger(id)) return id;
  if (typeof id === 'string' && /^-?\d+$/.test(id)) return Number(id);
  if (typeof id === 'string' && id.length > 0) throw new ApiError(400, 'Bad Request: chat not found');
  throw new ApiError(400, 'Bad Request: chat_id is empty');
}

function requireText(p: Record<string, unknown>, field: string): string {
  const text = p[field];
  if (typeof text !== 'string' || text.length === 0) throw new ApiError(400, `Bad Request: message ${field} is empty`);
  if (text.length > 4096) throw new ApiError(400, 'Bad Request: message is too long');
  return text;
}

function sameMarkup(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

function chatOf(chatId: number): Chat {
  return (chatId < 0
    ? { id: chatId, type: 'supergroup', title: `Groupe ${chatId}` }
    : { id: chatId, type: 'private', first_name: `User ${chatId}` }) as Chat;
}

function userOf(chatId: number): User {
  return { id: Math.abs(chatId), is_bot: false, first_name: `User ${Math.abs(chatId)}`, language_code: 'fr' };
}

function messageKey(chatId: number, messageId: number): string {
  return `${chatId}:${messageId}`;
}

function unixNow(): number {
  return Math.floor(Date.now() / 1000);
}

function defaultDescription(status: number): string {
  return STATUS_TEXT[status] ?? `Error ${status}`;
}
