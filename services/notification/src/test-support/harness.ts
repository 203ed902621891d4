import { MikroORM } from '@mikro-orm/core';
import {
  createEvent,
  DURABLES,
  type AnomalyAlert,
  type AnomalyEventType,
  type AnyEvent,
  type Envelope,
  type EventType,
} from '@vigie/contracts';
import type { RunningService } from '@vigie/health';
import { EventPublisher } from '@vigie/messaging';
import { collectEvents, LocalBotApi, testEnvironment, type BotApiCall, type TestEnvironment } from '@vigie/testing';
import { startNotification } from '../app';

export async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 10_000, everyMs = 50): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let counter = 0;

/** An anomaly lifecycle event of `ruleId`; `n` makes the anomaly id (its first 8 hex digits too) unique. */
export function anomalyEvent(
  type: AnomalyEventType,
  n: number,
  overrides: Partial<AnomalyAlert> = {},
  siteId = 'site-1',
): Envelope<AnomalyEventType> {
  counter += 1;
  const hex = n.toString(16).padStart(8, '0');
  return createEvent(
    type,
    {
      anomalyId: `anm-${hex}${'0'.repeat(16)}`,
      ruleId: 'cash.variance',
      ruleVersion: 1,
      severity: 'warning',
      key: `sess-${n}`,
      title: `Écart de caisse de -15,00 € sur la caisse reg-${n}`,
      summary: `Session sess-${n} fermée avec 15,00 € manquant.`,
      evidence: [],
      details: { registerId: `reg-${n}`, sessionId: `sess-${n}`, variance: -15, threshold: 10 },
      count: 1,
      firstSeenAt: '2026-11-30T07:00:00.000Z',
      lastSeenAt: '2026-11-30T07:00:00.000Z',
      ...overrides,
    },
    { source: 'anomaly', siteId, occurredAt: new Date(Date.parse('2026-11-30T07:00:00Z') + counter * 1000) },
  );
}

export function shortOf(n: number): string {
  return `anm-${n.toString(16).padStart(8, '0')}`;
}

/** One test's world: its NATS namespace and database, a local Bot API, the service under test. */
export class Harness {
  service?: RunningService;
  publisher!: EventPublisher;

  private constructor(
    readonly env: TestEnvironment,
    readonly bot: LocalBotApi,
  ) {
    this.publisher = new EventPublisher(env.bus);
  }

  static async create(): Promise<Harness> {
    const env = await testEnvironment({ name: 'notification-test' });
    const bot = await LocalBotApi.start();
    return new Harness(env, bot);
  }

  /** The service's environment for these tests; `extra` overrides. */
  serviceEnv(extra: Record<string, string> = {}): Record<string, string> {
    return {
      ...this.env.env,
      NOTIFICATION_PORT: '0',
      LOG_LEVEL: 'error',
      TELEGRAM_BOT_TOKEN: this.bot.token,
      TELEGRAM_API_ROOT: this.bot.apiRoot,
      TELEGRAM_POLL_TIMEOUT_SECONDS: '1',
      // Nothing listens there: commands that need these services say so.
      ANOMALY_URL: 'http://127.0.0.1:9',
      MONITOR_URL: 'http://127.0.0.1:9',
      ...extra,
    };
  }

  async start(extra: Record<string, string> = {}): Promise<RunningService> {
    this.service = await startNotification(this.serviceEnv(extra));
    return this.service;
  }

  async stop(): Promise<void> {
    await this.service?.stop();
    this.service = undefined;
  }

  async cleanup(): Promise<void> {
    await this.stop();
    await this.bot.stop();
    await this.env.cleanup();
  }

  get url(): string {
    if (!this.service) throw new Error('service not started');
    return this.service.url;
  }

  async publish(event: Envelope<EventType>): Promise<number> {
    return (await this.publisher.publish(event)).seq;
  }

  /** Resolves once the alerts durable has acked ANOMALY up to `seq`. */
  async handled(seq: number, timeoutMs = 10_000): Promise<void> {
    const stream = this.env.bus.topo.streamName('ANOMALY');
    await until(`ANOMALY #${seq} acked`, async () => (await this.env.bus.jsm.consumers.info(stream, DURABLES.notificationAlerts)).ack_floor.stream_seq >= seq, timeoutMs);
  }

  async sql<T = Record<string, unknown>>(query: string, params: unknown[] = []): Promise<T[]> {
    if (!this.service) throw new Error('service not started');
    return this.service.app.get(MikroORM).em.fork().getConnection().execute(query, params);
  }

  /** Resolves once no delivery waits, is under way, or has its outcome unpublished. */
  async settled(timeoutMs = 15_000): Promise<void> {
    await until(
      'every delivery settled',
      async () =>
        (await this.sql<{ n: number }>(`select count(*)::int as n from "delivery" where "status" in ('pending', 'sending') or not "outcome_published"`))[0].n === 0,
      timeoutMs,
    );
  }

  async events<T extends EventType>(stream: 'NOTIFY' | 'AUTH' | 'ANOMALY', type?: T): Promise<Envelope<T>[]> {
    return (await collectEvents(this.env.bus, stream)).map((f) => f.event).filter((e: AnyEvent) => !type || e.type === type) as Envelope<T>[];
  }

  /** `notify.delivery.sent|failed`, in stream order. */
  async deliveryEvents(): Promise<Envelope<'notify.delivery.sent' | 'notify.delivery.failed'>[]> {
    return (await collectEvents(this.env.bus, 'NOTIFY'))
      .map((f) => f.event)
      .filter((e): e is Envelope<'notify.delivery.sent' | 'notify.delivery.failed'> & AnyEvent => e.type.startsWith('notify.delivery.'));
  }

  /** Successful sendMessage calls to one chat. */
  sentTo(chatId: string | number): BotApiCall[] {
    return this.bot.calls('sendMessage').filter((c) => c.status === 200 && String(c.params.chat_id) === String(chatId));
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON answers, asserted field by field
  async request(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
    const res = await fetch(`${this.url}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  }

  /** A user writes `text` in `chatId`; resolves with the bot's reply (the next sendMessage to that chat). */
  async say(chatId: number, text: string, timeoutMs = 5000): Promise<BotApiCall & { messageId: number }> {
    const before = this.sentTo(chatId).length;
    const update = this.bot.sendUserMessage(chatId, text);
    await until(`a reply to "${text}" in ${chatId}`, () => this.sentTo(chatId).length > before, timeoutMs);
    // The Bot API numbers messages in order; with nothing else sent meanwhile the reply comes next.
    return { ...this.sentTo(chatId)[before], messageId: update.message!.message_id + 1 };
  }

  /** Presses a button under the bot's message `messageId` and waits for the press to be answered. */
  async press(chatId: number, messageId: number, data: string): Promise<void> {
    const before = this.bot.calls('answerCallbackQuery').length;
    this.bot.pressButton(chatId, messageId, data);
    await until(`the press ${data} answered`, () => this.bot.calls('answerCallbackQuery').length > before);
  }

  /** The Telegram message id that carried the alert of `anomalyIdPrefix` to `chatId`. */
  async alertMessageId(chatId: number, anomalyIdPrefix: string): Promise<number> {
    const rows = await this.sql<{ id: string }>(
      `select "telegram_message_id" as id from "delivery" where "recipient" = ? and "anomaly_id" like ? and "status" = 'sent' order by "seq" desc limit 1`,
      [String(chatId), `${anomalyIdPrefix}%`],
    );
    if (!rows[0]) throw new Error(`no alert ${anomalyIdPrefix} sent to ${chatId}`);
    return Number(rows[0].id);
  }
}
