import { localMinutes, formatClock } from '../domain/quiet-hours';
import { BOT_TEXTS } from '../templates/bot-texts';
import { anomalyEvent, Harness, shortOf, until } from '../test-support/harness';

const A = 111000111;
const B = 222000222;
const C = 333000333;

/** Item 2 of the issue: per-type subscriptions with a minimum severity, edited from the API and the bot. */
describe('subscriptions (real NATS + Postgres + local Bot API)', () => {
  let h: Harness;

  beforeEach(async () => {
    h = await Harness.create();
  });

  afterEach(async () => {
    await h?.cleanup();
  });

  const idsSentTo = (chat: number) => h.sentTo(chat).flatMap((c) => [...String(c.params.text).matchAll(/<code>(anm-[0-9a-f]{8})<\/code>/g)].map((m) => m[1]));

  it('filters alerts by rule family, rule and severity, and resolutions by choice — set from the API and from the bot', async () => {
    await h.start({ TELEGRAM_ADMIN_CHAT_IDS: [A, B, C].join(','), NOTIFY_GROUP_WINDOW_MS: '0', NOTIFY_CHAT_INTERVAL_MS: '200' });

    // B from the dashboard: cash critical only without resolutions, no sync, ai.slow from info.
    const put = await h.request('PUT', `/chats/${B}/subscriptions`, {
      items: [
        { topic: 'cash.*', enabled: true, minSeverity: 'critical', resolved: false },
        { topic: 'sync.*', enabled: false, minSeverity: 'warning', resolved: true },
        { topic: 'ai.slow', enabled: true, minSeverity: 'info', resolved: true },
      ],
    });
    expect(put.status).toBe(200);
    expect(put.body.items.find((s: { topic: string }) => s.topic === 'ai.slow')).toEqual({ topic: 'ai.slow', enabled: true, minSeverity: 'info', resolved: true });
    expect((await h.request('PUT', `/chats/${B}/subscriptions`, { items: [{ topic: 'weather.*', enabled: true, minSeverity: 'info', resolved: true }] })).body.error.code).toBe(
      'subscription.unknown-topic',
    );
    expect((await h.request('GET', `/chats/42/subscriptions`)).status).toBe(404);

    // C from the bot: no cash, all of ai from info.
    expect((await h.say(C, '/unsubscribe cash')).params.text).toBe('🔕 Caisse (<code>cash.*</code>) : désactivé.');
    expect((await h.say(C, '/subscribe ai info')).params.text).toBe(
      '✅ IA (<code>ai.*</code>) : à partir de « Info », avis de résolution : oui.',
    );
    expect((await h.say(C, '/subscribe weather')).params.text).toContain('Thème inconnu : weather.');

    const events = [
      anomalyEvent('anomaly.alert.raised', 1, { ruleId: 'cash.variance', severity: 'warning' }),
      anomalyEvent('anomaly.alert.raised', 2, { ruleId: 'cash.variance', severity: 'critical' }),
      anomalyEvent('anomaly.alert.raised', 3, { ruleId: 'sync.consecutive-failures', severity: 'warning', details: {} }),
      anomalyEvent('anomaly.alert.raised', 4, { ruleId: 'ai.slow', severity: 'info', details: {} }),
      anomalyEvent('anomaly.alert.raised', 5, { ruleId: 'ai.error-rate', severity: 'info', details: {} }),
      anomalyEvent('anomaly.alert.resolved', 2, { ruleId: 'cash.variance', severity: 'critical', resolvedAt: '2026-11-30T09:00:00.000Z' }),
    ];
    let last = 0;
    for (const e of events) last = await h.publish(e);
    await h.handled(last);
    await h.settled();

    expect(idsSentTo(A)).toEqual([shortOf(1), shortOf(2), shortOf(3), shortOf(2)]);
    expect(idsSentTo(B)).toEqual([shortOf(2), shortOf(4)]);
    expect(idsSentTo(C)).toEqual([shortOf(3), shortOf(4), shortOf(5)]);
    expect(String(h.sentTo(A)[3].params.text)).toMatch(/^✅ <b>Résolue — Écart de caisse<\/b>/);
  });

  it('edits subscriptions in place from the /subscriptions buttons', async () => {
    await h.start({ TELEGRAM_ADMIN_CHAT_IDS: String(A) });
    const menu = await h.say(A, '/subscriptions');
    expect(menu.params.text).toBe(BOT_TEXTS.fr.subscriptionsIntro);
    const keyboard = menu.params.reply_markup as { inline_keyboard: { text: string; callback_data: string }[][] };
    expect(keyboard.inline_keyboard.map((row) => row.map((b) => b.callback_data))).toEqual([
      ['sub:s:cash.*', 'sub:r:cash.*'],
      ['sub:s:sync.*', 'sub:r:sync.*'],
      ['sub:s:ai.*', 'sub:r:ai.*'],
      ['sub:s:auth.*', 'sub:r:auth.*'],
      ['sub:s:service.*', 'sub:r:service.*'],
      ['sub:s:pipeline.*', 'sub:r:pipeline.*'],
      ['sub:s:job.*', 'sub:r:job.*'],
      ['sub:s:report.weekly'],
      ['sub:s:report.recommendation', 'sub:r:report.recommendation'],
    ]);
    expect(keyboard.inline_keyboard[0].map((b) => b.text)).toEqual(['Caisse : ⚠️ Avertissement+', '✅ résolues']);

    for (const data of ['sub:s:cash.*', 'sub:s:cash.*', 'sub:r:cash.*', 'sub:s:report.weekly']) await h.press(A, menu.messageId, data);

    const edits = h.bot.calls('editMessageReplyMarkup');
    expect(edits.length).toBe(4);
    const lastMarkup = edits[3].params.reply_markup as { inline_keyboard: { text: string }[][] };
    expect(lastMarkup.inline_keyboard[0].map((b) => b.text)).toEqual(['Caisse : 🔕 désactivé', '❌ résolues']);
    expect(lastMarkup.inline_keyboard[7].map((b) => b.text)).toEqual(['Rapport hebdomadaire : 🔕']);
    expect(h.bot.calls('answerCallbackQuery').map((c) => c.params.text)).toEqual(['Enregistré', 'Enregistré', 'Enregistré', 'Enregistré']);

    const subs = (await h.request('GET', `/chats/${A}/subscriptions`)).body.items;
    expect(subs[0]).toEqual({ topic: 'cash.*', enabled: false, minSeverity: 'critical', resolved: false });
    expect(subs[7]).toEqual({ topic: 'report.weekly', enabled: false, minSeverity: 'info', resolved: false });
  });

  it('holds non-critical alerts during quiet hours (critical ones pass), and speaks the chat’s language', async () => {
    await h.start({ TELEGRAM_ADMIN_CHAT_IDS: String(A), NOTIFY_GROUP_WINDOW_MS: '0', NOTIFY_CHAT_INTERVAL_MS: '200' });
    const now = localMinutes(new Date(), 'Europe/Paris');
    const quiet = `${formatClock((now + 1440 - 60) % 1440)}-${formatClock((now + 60) % 1440)}`;
    const muted = await h.say(A, `/mute ${quiet}`);
    expect(muted.params.text).toContain(`🌙 Heures calmes : ${quiet.replace('-', '–')} (Europe/Paris)`);
    expect(muted.params.text).toContain('Les alertes critiques passent toujours');

    await h.handled(await h.publish(anomalyEvent('anomaly.alert.raised', 1, { severity: 'warning' })));
    await h.handled(await h.publish(anomalyEvent('anomaly.alert.raised', 2, { severity: 'critical' })));
    await until('the critical alert', () => idsSentTo(A).includes(shortOf(2)));
    expect(idsSentTo(A)).toEqual([shortOf(2)]);
    expect((await h.sql<{ status: string }>(`select "status" from "delivery" where "anomaly_id" like 'anm-00000001%'`))[0].status).toBe('pending');

    expect((await h.say(A, '/lang en')).params.text).toBe('✅ Language: English.');
    expect((await h.say(A, '/mute off')).params.text).toBe(BOT_TEXTS.en.muteOff);
    await h.settled();
    expect(idsSentTo(A)).toEqual([shortOf(2), shortOf(1)]);
    expect(String(h.sentTo(A).at(-1)!.params.text)).toMatch(/^⚠️ <b>Warning — Cash variance<\/b>\n/);

    expect((await h.say(A, '/timezone america/new_york')).params.text).toBe('✅ Time zone: America/New_York.');
    await h.handled(await h.publish(anomalyEvent('anomaly.alert.raised', 3, { firstSeenAt: '2026-11-30T07:00:00.000Z' })));
    await h.settled();
    expect(String(h.sentTo(A).at(-1)!.params.text)).toContain('\nDetected 2026-11-30 02:00\n');
    expect((await h.request('GET', `/chats/${A}`)).body).toMatchObject({ locale: 'en', timeZone: 'America/New_York', quietHours: null, mutedUntil: null });
  });
});

