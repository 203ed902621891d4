import { MikroORM } from '@mikro-orm/core';
import {
  createEvent,
  DURABLES,
  encodeEvent,
  eventSubject,
  type AnomalyAlert,
  type AnomalyEventType,
  type AnyEvent,
  type Envelope,
} from '@vigie/contracts';
import type { RunningService } from '@vigie/health';
import { EventPublisher } from '@vigie/messaging';
import { collectEvents, LocalBotApi, testEnvironment, type TestEnvironment } from '@vigie/testing';
import { startNotification } from './app';
import { renderAlertMessage } from './templates/alert-message';

const CHATS = ['100200300', '-1001234567890'];

let counter = 0;
function alert(type: AnomalyEventType, overrides: Partial<AnomalyAlert> = {}, anomalyId = 'anm-0123456789abcdef01234567'): Envelope<AnomalyEventType> {
  counter += 1;
  return createEvent(
    type,
    {
      anomalyId,
      ruleId: 'cash.variance',
      ruleVersion: 1,
      severity: 'warning',
      key: 'sess-1',
      title: 'Écart de caisse de -15,00 € sur la caisse reg-1',
      summary: 'Session sess-1 fermée avec 15,00 € manquant (attendu 150,00 €, compté 135,00 € ; seuil 10,00 €).',
      evidence: [{ stream: 'CASH', seq: 42, eventId: '0193a1b2-c3d4-7e5f-8a9b-000000000003' }],
      details: { registerId: 'reg-1', sessionId: 'sess-1', variance: -15, expectedCash: 150, countedCash: 135, threshold: 10 },
      count: 1,
      firstSeenAt: '2026-11-30T07:00:00.000Z',
      lastSeenAt: '2026-11-30T07:00:00.000Z',
      ...overrides,
    },
    { source: 'anomaly', siteId: 'site-1', occurredAt: new Date(Date.parse('2026-11-30T07:00:00Z') + counter * 60_000) },
  );
}

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('notification service (real NATS + Postgres + local Bot API)', () => {
  let env: TestEnvironment;
  let bot: LocalBotApi;
  let publisher: EventPublisher;
  let service: RunningService | undefined;

  let output: string[];

  beforeEach(async () => {
    env = await testEnvironment({ name: 'notification-test' });
    bot = await LocalBotApi.start();
    publisher = new EventPublisher(env.bus);
    output = [];
    for (const stream of [process.stdout, process.stderr]) {
      const write = stream.write.bind(stream);
      jest.spyOn(stream, 'write').mockImplementation((chunk: any, ...rest: any[]) => {
        output.push(String(chunk));
        return write(chunk, ...rest);
      });
    }
  });

  afterEach(async () => {
    jest.restoreAllMocks();
    await service?.stop();
    service = undefined;
    await bot?.stop();
    await env?.cleanup();
  });

  function start(extra: Record<string, string> = {}): Promise<RunningService> {
    return startNotification({
      ...env.env,
      NOTIFICATION_PORT: '0',
      LOG_LEVEL: 'warn',
      TELEGRAM_BOT_TOKEN: bot.token,
      TELEGRAM_API_ROOT: bot.apiRoot,
      TELEGRAM_ADMIN_CHAT_IDS: CHATS.join(','),
      ...extra,
    });
  }

  /** Resolves once the service's durable has acked everything up to `seq` of ANOMALY. */
  async function handled(seq: number, timeoutMs = 10_000): Promise<void> {
    const stream = env.bus.topo.streamName('ANOMALY');
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const ci = await env.bus.jsm.consumers.info(stream, DURABLES.notificationAlerts);
      if (ci.ack_floor.stream_seq >= seq) return;
      if (Date.now() > deadline) throw new Error(`ANOMALY #${seq} not acked within ${timeoutMs} ms (ack floor ${ci.ack_floor.stream_seq})`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** The same bytes again under another Nats-Msg-Id: what a redelivery or a replayed publish looks like. */
  async function republish(event: AnyEvent): Promise<number> {
    const ack = await env.bus.js.publish(eventSubject(env.bus.topo, event), encodeEvent(event), { msgID: `again-${Math.random()}` });
    expect(ack.duplicate).toBe(false);
    return ack.seq;
  }

  type DeliveryEvent = Envelope<'notify.delivery.sent' | 'notify.delivery.failed'>;
  async function notifyEvents(type?: DeliveryEvent['type']): Promise<DeliveryEvent[]> {
    return (await collectEvents(env.bus, 'NOTIFY'))
      .map((f) => f.event)
      .filter((e): e is DeliveryEvent & AnyEvent => e.type.startsWith('notify.delivery.'))
      .filter((e) => !type || e.type === type);
  }

  const okSends = () => bot.calls('sendMessage').filter((c) => c.status === 200);

  /** Resolves once no delivery waits or is under way (the dispatcher sends after the event is acked). */
  async function settled(timeoutMs = 15_000): Promise<void> {
    const orm = service!.app.get(MikroORM);
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const [{ n }] = await orm.em
        .fork()
        .getConnection()
        .execute(`select count(*)::int as n from "notification"."delivery" where "status" in ('pending', 'sending') or not "outcome_published"`);
      if (n === 0) return;
      if (Date.now() > deadline) throw new Error(`${n} deliveries still open after ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  const byChat = <T extends { params: Record<string, unknown> }>(calls: T[]) =>
    [...calls].sort((a, b) => String(a.params.chat_id).localeCompare(String(b.params.chat_id)));

  it('sends one French HTML message with action buttons per admin chat and records notify.delivery.sent; a redelivery sends nothing', async () => {
    service = await start();
    const raised = alert('anomaly.alert.raised');
    const { seq } = await publisher.publish(raised);
    await handled(seq);
    await settled();

    const html = renderAlertMessage({ transition: 'raised', siteId: 'site-1', occurredAt: raised.occurredAt, alert: raised.data });
    expect(html).toContain('Écart : -15,00 €');
    const id = raised.data.anomalyId;
    const keyboard = {
      inline_keyboard: [
        [
          { text: '✅ Acquitter', callback_data: `ack:${id}` },
          { text: '🔕 Sourdine 1 h', callback_data: `sil:60:${id}` },
          { text: '🔕 Sourdine 24 h', callback_data: `sil:1440:${id}` },
        ],
      ],
    };
    expect(byChat(bot.calls('sendMessage')).map((c) => c.params)).toEqual(
      byChat(CHATS.map((chat) => ({ params: { chat_id: Number(chat) } }))).map(({ params }) => ({
        chat_id: params.chat_id,
        text: html,
        parse_mode: 'HTML',
        link_preview_options: { is_disabled: true },
        reply_markup: keyboard,
      })),
    );
    const sent = await notifyEvents('notify.delivery.sent');
    expect(sent.map((e) => e.data).sort((a, b) => a.recipient.localeCompare(b.recipient))).toEqual(
      [...CHATS].sort().map((chat) => expect.objectContaining({ anomalyId: raised.data.anomalyId, channel: 'telegram', recipient: chat, attempt: 1 })),
    );
    expect(sent.every((e) => e.causationId === raised.id && e.source === 'notification' && e.siteId === 'site-1')).toBe(true);

    await handled(await republish(raised));
    await settled();
    await new Promise((r) => setTimeout(r, 300));
    expect(bot.calls('sendMessage')).toHaveLength(2);
    expect(await notifyEvents()).toHaveLength(2);
  });

  it('sends nothing again after a restart, even when the durable re-reads the whole stream', async () => {
    service = await start();
    const raised = alert('anomaly.alert.raised');
    const { seq } = await publisher.publish(raised);
    await handled(seq);
    await settled();
    expect(bot.calls('sendMessage')).toHaveLength(2);

    await service.stop();
    await env.bus.jsm.consumers.delete(env.bus.topo.streamName('ANOMALY'), DURABLES.notificationAlerts);
    service = await start();
    await handled(seq);
    await handled(await republish(raised));
    await settled();
    await new Promise((r) => setTimeout(r, 300));

    expect(bot.calls('sendMessage')).toHaveLength(2);
    expect(await notifyEvents('notify.delivery.sent')).toHaveLength(2);
  });

  it('waits retry_after on a 429 and delivers once', async () => {
    service = await start({ TELEGRAM_ADMIN_CHAT_IDS: CHATS[0] });
    bot.rateLimitNext(1, 1, 'sendMessage');
    const { seq } = await publisher.publish(alert('anomaly.alert.raised'));
    await handled(seq);
    await settled();

    const sends = bot.calls('sendMessage');
    expect(sends.map((c) => c.status)).toEqual([429, 200]);
    expect(sends[1].at.getTime() - sends[0].at.getTime()).toBeGreaterThanOrEqual(950);
    const events = await notifyEvents();
    expect(events.map((e) => [e.type, e.data.attempt, e.data.error?.code])).toEqual([
      ['notify.delivery.failed', 1, 'telegram.429'],
      ['notify.delivery.sent', 2, undefined],
    ]);
  });

  it('retries a burst of 502 with backoff, records each failed attempt, delivers once', async () => {
    service = await start({ TELEGRAM_ADMIN_CHAT_IDS: CHATS[0] });
    bot.failNext(2, { status: 502, description: 'Bad Gateway', method: 'sendMessage' });
    const { seq } = await publisher.publish(alert('anomaly.alert.raised'));
    await handled(seq, 15_000);
    await settled();

    expect(bot.calls('sendMessage').map((c) => c.status)).toEqual([502, 502, 200]);
    expect(okSends()).toHaveLength(1);
    const events = await notifyEvents();
    expect(events.map((e) => [e.type, e.data.attempt, e.data.error?.code])).toEqual([
      ['notify.delivery.failed', 1, 'telegram.502'],
      ['notify.delivery.failed', 2, 'telegram.502'],
      ['notify.delivery.sent', 3, undefined],
    ]);
    expect(new Set(events.map((e) => e.data.deliveryId)).size).toBe(1);
    expect(output.join('')).toContain('telegram.502');
    expect(output.join('')).not.toContain(bot.token.split(':')[1]);
  });

  it('gives up on a chat that blocked the bot and still serves the others', async () => {
    service = await start();
    bot.failNext(1, { status: 403, description: 'Forbidden: bot was blocked by the user', method: 'sendMessage' });
    const raised = alert('anomaly.alert.raised');
    const { seq } = await publisher.publish(raised);
    await handled(seq);
    await settled();

    // Chats are served side by side: whichever asked first met the 403.
    const calls = bot.calls('sendMessage');
    expect(calls.map((c) => c.status).sort()).toEqual([200, 403]);
    const blocked = String(calls.find((c) => c.status === 403)!.params.chat_id);
    const other = CHATS.find((c) => c !== blocked)!;
    const events = await notifyEvents();
    expect(events.map((e) => [e.type, e.data.recipient, e.data.error?.code]).sort()).toEqual(
      [
        ['notify.delivery.failed', blocked, 'telegram.403'],
        ['notify.delivery.sent', other, undefined],
      ].sort(),
    );

    await handled(await republish(raised));
    await settled();
    await new Promise((r) => setTimeout(r, 300));
    expect(bot.calls('sendMessage')).toHaveLength(2);
  });

  it('announces an update only when it escalates, and the resolution (grouping off: one message each)', async () => {
    service = await start({ TELEGRAM_ADMIN_CHAT_IDS: CHATS[0], NOTIFY_GROUP_WINDOW_MS: '0' });
    const raised = alert('anomaly.alert.raised');
    const repeat = alert('anomaly.alert.updated', { count: 2 });
    const worse = alert('anomaly.alert.updated', { severity: 'critical', count: 3 });
    const resolved = alert('anomaly.alert.resolved', { severity: 'critical', resolvedAt: '2026-11-30T10:00:00.000Z', durationMs: 3 * 3_600_000 });
    const acknowledged = alert('anomaly.alert.acknowledged', { severity: 'critical', by: 'adm-1' });
    let last = 0;
    for (const e of [raised, repeat, worse, resolved, acknowledged]) last = (await publisher.publish(e)).seq;
    await handled(last);
    await settled();

    const texts = bot.calls('sendMessage').map((c) => c.params.text as string);
    expect(texts).toHaveLength(3);
    expect(texts[0]).toMatch(/^⚠️ <b>Avertissement — Écart de caisse<\/b>/);
    expect(texts[1]).toMatch(/^🚨 <b>Critique — Écart de caisse<\/b>/);
    expect(texts[1]).toContain('Aggravation : Avertissement → Critique');
    expect(texts[1]).toContain('Occurrences : 3');
    expect(texts[2]).toMatch(/^✅ <b>Résolue — Écart de caisse<\/b>/);
    expect(texts[2]).toContain('Durée : 3 h');
  });

  it('without a token: acks every event, sends and records nothing, stays ready', async () => {
    service = await start({ TELEGRAM_BOT_TOKEN: '', LOG_LEVEL: 'log' });
    const off = output.filter((line) => line.includes('Telegram is off (no TELEGRAM_BOT_TOKEN): alerts go to the dashboard only'));
    expect(off).toHaveLength(1);
    const raised = alert('anomaly.alert.raised');
    const { seq } = await publisher.publish(raised);
    await handled(seq);
    await handled(await republish(raised));

    expect(bot.calls()).toHaveLength(0);
    expect(await notifyEvents()).toHaveLength(0);
    const orm = service.app.get(MikroORM);
    expect(await orm.em.fork().getConnection().execute('select count(*)::int as n from "notification"."delivery"')).toEqual([{ n: 0 }]);
    const ready = await fetch(`${service.url}/health/ready`);
    expect(ready.status).toBe(200);
    expect(JSON.stringify(await ready.json())).not.toContain('telegram');
  });

  it('is ready while updates are received, and not while the Bot API is unreachable', async () => {
    service = await start({ TELEGRAM_POLL_TIMEOUT_SECONDS: '1' });
    await until('ready', async () => (await fetch(`${service!.url}/health/ready`)).status === 200);
    await bot.waitForCalls('getUpdates', 1, 5000);
    const up = await fetch(`${service.url}/health/ready`);
    expect(up.status).toBe(200);
    expect((await up.json()).info['consumer:telegram-bot-api']).toMatchObject({ status: 'up' });

    bot.setDown(true);
    await until('not ready', async () => (await fetch(`${service!.url}/health/ready`)).status === 503, 10_000);
    const body = await (await fetch(`${service.url}/health/ready`)).json();
    expect(body.error['consumer:telegram-bot-api']).toMatchObject({ status: 'down' });
    expect(body.error['consumer:telegram-bot-api'].message).toMatch(/Telegram Bot API unreachable/);
    expect(JSON.stringify(body)).not.toContain(bot.token);

    bot.setDown(false);
    await until('ready again', async () => (await fetch(`${service!.url}/health/ready`)).status === 200, 10_000);
  });
});
