import { createEvent, type AnyEvent, type Envelope } from '@vigie/contracts';
import { waitForEvent } from '@vigie/testing';
import { BOT_TEXTS } from '../templates/bot-texts';
import { killChild, startChildService, type ChildService } from '../test-support/child-service';
import { Harness, until } from '../test-support/harness';

const CHAT = 100200300;

let closings = 0;
function closing(registerId: string, shortfall: number) {
  closings += 1;
  return createEvent(
    'cash.session.closed',
    {
      sessionId: `sess-${closings}`,
      registerId,
      operatorId: 'op-7',
      openingAmount: 100,
      cashSales: 20,
      expectedCash: 120,
      countedCash: 120 - shortfall,
      variance: -shortfall,
      totalSales: 55.5,
      salesCount: 2,
      comment: 'recompté',
    },
    { source: 'cash', siteId: 'site-1' },
  );
}

/** Item 3 of the issue: buttons and commands act through the real anomaly service, as the chat's principal. */
describe('alert buttons and commands (real anomaly service, NATS, Postgres, local Bot API)', () => {
  let h: Harness;
  let anomaly: ChildService | undefined;
  let principal: string;
  const raised: string[] = [];

  beforeAll(async () => {
    h = await Harness.create();
    anomaly = await startChildService('anomaly', { ...h.env.env, ANOMALY_PORT: '0', LOG_LEVEL: 'warn' });
    await h.start({ TELEGRAM_ADMIN_CHAT_IDS: String(CHAT), ANOMALY_URL: anomaly.url, NOTIFY_GROUP_WINDOW_MS: '300', NOTIFY_CHAT_INTERVAL_MS: '200' });
    principal = (await h.request('GET', `/chats/${CHAT}`)).body.principal;
    for (const [register, shortfall] of [
      ['caisse-1', 15],
      ['caisse-2', 20],
      ['caisse-3', 30],
      ['caisse-4', 12],
    ] as const) {
      const event = closing(register, shortfall);
      await h.publish(event);
      const found = await waitForEvent(h.env.bus, 'ANOMALY', (e) => e.type === 'anomaly.alert.raised' && e.data.evidence.some((x) => x.eventId === event.id));
      raised.push((found.event as Envelope<'anomaly.alert.raised'>).data.anomalyId);
    }
    await until('the four alerts', async () => {
      const r = await h.sql<{ n: number }>(`select count(*)::int as n from "delivery" where "status" = 'sent'`);
      return r[0].n === 4;
    }, 20_000);
  }, 60_000);

  afterAll(async () => {
    await h?.stop();
    if (anomaly) await killChild(anomaly.process, 'SIGTERM');
    await h?.cleanup();
  });

  const actionOn = (type: 'anomaly.alert.acknowledged' | 'anomaly.alert.silenced', anomalyId: string) =>
    waitForEvent(h.env.bus, 'ANOMALY', (e: AnyEvent) => e.type === type && e.data.anomalyId === anomalyId, { timeoutMs: 10_000 });

  it('Acknowledge publishes anomaly.alert.acknowledged by the chat’s opaque principal and updates the buttons', async () => {
    expect(principal).toMatch(/^tg-[0-9a-f]{32}$/);
    const id = raised[0];
    const messageId = await h.alertMessageId(CHAT, id);
    const alert = h.sentTo(CHAT).find((c) => String(c.params.text).includes(id.slice(0, 12)))!;
    expect((alert.params.reply_markup as { inline_keyboard: { callback_data: string }[][] }).inline_keyboard[0].map((b) => b.callback_data)).toEqual([
      `ack:${id}`,
      `sil:60:${id}`,
      `sil:1440:${id}`,
    ]);

    await h.press(CHAT, messageId, `ack:${id}`);
    const { event } = await actionOn('anomaly.alert.acknowledged', id);
    expect(event.type === 'anomaly.alert.acknowledged' && event.data.by).toBe(principal);
    expect(h.bot.calls('answerCallbackQuery').at(-1)!.params.text).toBe(BOT_TEXTS.fr.buttonAcked);
    expect(h.bot.calls('editMessageReplyMarkup').at(-1)!.params).toMatchObject({
      chat_id: CHAT,
      message_id: messageId,
      reply_markup: { inline_keyboard: [[{ text: '✅ Acquittée', callback_data: 'noop' }]] },
    });
  });

  it('Silence 1 h and Silence 24 h publish anomaly.alert.silenced until then', async () => {
    for (const [id, minutes] of [
      [raised[1], 60],
      [raised[2], 1440],
    ] as const) {
      const before = Date.now();
      await h.press(CHAT, await h.alertMessageId(CHAT, id), `sil:${minutes}:${id}`);
      const { event } = await actionOn('anomaly.alert.silenced', id);
      if (event.type !== 'anomaly.alert.silenced') throw new Error('not a silence');
      expect(event.data.by).toBe(principal);
      const until = Date.parse(event.data.until!);
      expect(until).toBeGreaterThanOrEqual(before + minutes * 60_000 - 1000);
      expect(until).toBeLessThanOrEqual(Date.now() + minutes * 60_000 + 1000);
    }
    expect(h.bot.calls('answerCallbackQuery').slice(-2).map((c) => c.params.text)).toEqual(['🔕 En sourdine 1 h', '🔕 En sourdine 1 j']);
  });

  it('/alerts, /ack with a short id, /silence of a rule, and /status speak with the anomaly service', async () => {
    const alerts = await h.say(CHAT, '/alerts');
    expect(alerts.params.text).toContain('🔔 <b>Anomalies ouvertes : 1</b>');
    expect(alerts.params.text).toContain(`<code>${raised[3].slice(0, 12)}</code>`);

    expect((await h.say(CHAT, '/ack anm-ffffffff')).params.text).toBe(BOT_TEXTS.fr.notFound('anm-ffffffff'));
    expect((await h.say(CHAT, '/ack')).params.text).toBe('Usage : /ack ID');

    const acked = await h.say(CHAT, `/ack ${raised[3].slice(0, 12)}`);
    expect(acked.params.text).toBe(BOT_TEXTS.fr.acked(raised[3]));
    expect((await actionOn('anomaly.alert.acknowledged', raised[3])).event.type === 'anomaly.alert.acknowledged').toBe(true);

    // Open again: the two acknowledged ones are not "open" any more; a new shortfall is.
    const event = closing('caisse-5', 18);
    await h.publish(event);
    const found = await waitForEvent(h.env.bus, 'ANOMALY', (e) => e.type === 'anomaly.alert.raised' && e.data.evidence.some((x) => x.eventId === event.id));
    const fresh = (found.event as Envelope<'anomaly.alert.raised'>).data.anomalyId;
    await until('its alert', () => h.sentTo(CHAT).some((c) => String(c.params.text).includes(fresh.slice(0, 12))), 10_000);
    const silenced = await h.say(CHAT, '/silence cash.variance 2h');
    expect(silenced.params.text).toBe(BOT_TEXTS.fr.silencedRule('cash.variance', 1, 120));
    expect((await actionOn('anomaly.alert.silenced', fresh)).event.type).toBe('anomaly.alert.silenced');
    expect((await h.say(CHAT, '/silence cash.variance 2h')).params.text).toBe(BOT_TEXTS.fr.noOpenForRule('cash.variance'));
    expect((await h.say(CHAT, '/silence cash.variance')).params.text).toMatch(/^Usage : \/silence/);

    const status = await h.say(CHAT, '/status');
    expect(status.params.text).toBe(
      [
        '📊 <b>État de Vigie</b>',
        '',
        '<b>Services</b>',
        '⚠️ moniteur injoignable',
        '',
        '<b>Anomalies ouvertes</b> : 0',
        '🚨 Critique : 0 · ⚠️ Avertissement : 0 · ℹ️ Info : 0',
      ].join('\n'),
    );
  });

  it('says so, without pretending, when the anomaly service cannot be reached', async () => {
    await killChild(anomaly!.process);
    anomaly = undefined;
    await h.press(CHAT, await h.alertMessageId(CHAT, raised[0]), `ack:${raised[0]}`);
    expect(h.bot.calls('answerCallbackQuery').at(-1)!.params.text).toBe(BOT_TEXTS.fr.anomalyServiceDown);
    expect((await h.say(CHAT, `/ack ${raised[0]}`)).params.text).toBe(BOT_TEXTS.fr.anomalyServiceDown);
  });
});
