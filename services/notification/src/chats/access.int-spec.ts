import { BOT_TEXTS } from '../templates/bot-texts';
import { anomalyEvent, Harness, until } from '../test-support/harness';

const ADMIN = 100200300;
const STRANGER = 555000111;

/** Item 1 of the issue: only linked chats get alerts or may use commands. */
describe('chat access (real NATS + Postgres + local Bot API)', () => {
  let h: Harness;

  beforeEach(async () => {
    h = await Harness.create();
  });

  afterEach(async () => {
    await h?.cleanup();
  });

  it('refuses an unlinked chat politely, records auth.login.failed (channel telegram), sends it no alert', async () => {
    await h.start({ TELEGRAM_ADMIN_CHAT_IDS: String(ADMIN) });
    const reply = await h.say(STRANGER, '/status');
    expect(reply.params.text).toBe(BOT_TEXTS.fr.refusal);

    // Every attempt is recorded; the refusal is not repeated within 30 s.
    h.bot.sendUserMessage(STRANGER, 'bonjour ?');
    await until('two failed logins', async () => (await h.events('AUTH', 'auth.login.failed')).length === 2);
    const failed = await h.events('AUTH', 'auth.login.failed');
    expect(failed.map((e) => e.data.reason)).toEqual(['chat-not-linked', 'chat-not-linked-message']);
    for (const e of failed) {
      expect(e.data.channel).toBe('telegram');
      expect(e.data.principal).toMatch(/^tg-[0-9a-f]{32}$/);
      expect(e.data.principal).not.toContain(String(STRANGER));
      expect(e.source).toBe('notification');
    }
    expect(new Set(failed.map((e) => e.data.principal)).size).toBe(1);

    // A stranger pressing a button of someone else's alert is refused the same way.
    h.bot.pressButton(STRANGER, 1, 'ack:anm-0000000100000000000000000');
    await until('the press answered', () => h.bot.calls('answerCallbackQuery').length === 1);
    expect(h.bot.calls('answerCallbackQuery')[0].params.text).toBe(BOT_TEXTS.fr.refusal.split('\n')[0]);
    await until('a third failed login', async () => (await h.events('AUTH', 'auth.login.failed')).length === 3);

    await h.handled(await h.publish(anomalyEvent('anomaly.alert.raised', 1)));
    await h.settled();
    expect(h.sentTo(ADMIN)).toHaveLength(1);
    expect(h.sentTo(STRANGER)).toHaveLength(1);
  });

  it('links a chat with a one-time code from the API: it then gets alerts and commands; the code works once', async () => {
    await h.start({ TELEGRAM_ADMIN_CHAT_IDS: String(ADMIN), NOTIFY_GROUP_WINDOW_MS: '500' });
    const created = await h.request('POST', '/chats/link-codes', { createdBy: 'adm-7' });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ code: expect.stringMatching(/^[A-HJKMNP-Z2-9]{8}$/), expiresAt: expect.any(String), command: `/link ${created.body.code}` });
    expect(Date.parse(created.body.expiresAt) - Date.now()).toBeGreaterThan(9 * 60_000);

    const CHAT = 777000777;
    const typed = `${created.body.code.slice(0, 4).toLowerCase()}-${created.body.code.slice(4)}`;
    expect((await h.say(CHAT, `/link ${typed}`)).params.text).toBe(BOT_TEXTS.fr.linked);
    await until('a successful login', async () => (await h.events('AUTH', 'auth.login.succeeded')).length === 1);

    const chats = await h.request('GET', '/chats');
    expect(chats.body.items.map((c: { chatId: string; linkedVia: string; linkedBy: string | null }) => [c.chatId, c.linkedVia, c.linkedBy])).toEqual([
      [String(ADMIN), 'env', null],
      [String(CHAT), 'code', 'adm-7'],
    ]);
    expect((await h.request('GET', `/chats/${CHAT}`)).body).toMatchObject({ chatId: String(CHAT), linkedBy: 'adm-7' });

    // Once only, and never for another chat.
    const OTHER = 888000888;
    expect((await h.say(OTHER, `/link ${created.body.code}`)).params.text).toBe(BOT_TEXTS.fr.linkInvalid);
    await until('the refused code recorded', async () =>
      (await h.events('AUTH', 'auth.login.failed')).some((e) => e.data.reason === 'link-code-invalid'),
    );

    const help = await h.say(CHAT, '/help');
    expect(help.params.text).toContain('/status — État des services et anomalies ouvertes');

    await h.handled(await h.publish(anomalyEvent('anomaly.alert.raised', 1)));
    await h.settled();
    expect(h.sentTo(ADMIN)).toHaveLength(1);
    expect(h.sentTo(CHAT).map((c) => String(c.params.text).split('\n')[0])).toContain('⚠️ <b>Avertissement — Écart de caisse</b>');

    // Unlinked from the dashboard: no more alerts, commands refused.
    expect((await h.request('DELETE', `/chats/${CHAT}`)).status).toBe(204);
    const before = h.sentTo(CHAT).length;
    await h.handled(await h.publish(anomalyEvent('anomaly.alert.raised', 2)));
    await h.settled();
    expect(h.sentTo(ADMIN)).toHaveLength(2);
    expect(h.sentTo(CHAT)).toHaveLength(before);
    expect((await h.say(CHAT, '/status')).params.text).toBe(BOT_TEXTS.fr.refusal);
  });

  it('expires codes and locks out a chat guessing them', async () => {
    await h.start({ TELEGRAM_ADMIN_CHAT_IDS: String(ADMIN) });
    const { body } = await h.request('POST', '/chats/link-codes', { ttlMinutes: 1 });
    await h.sql(`update "link_code" set "expires_at" = now() - interval '1 second'`);
    const CHAT = 999000999;
    expect((await h.say(CHAT, `/link ${body.code}`)).params.text).toBe(BOT_TEXTS.fr.linkInvalid);
    for (let i = 0; i < 4; i++) await h.say(CHAT, '/link AAAA2222');
    const fresh = await h.request('POST', '/chats/link-codes', {});
    expect((await h.say(CHAT, `/link ${fresh.body.code}`)).params.text).toBe(BOT_TEXTS.fr.linkLockedOut);
    expect((await h.request('GET', '/chats')).body.items).toHaveLength(1);
    expect((await h.events('AUTH', 'auth.login.failed')).map((e) => e.data.reason).slice(-1)).toEqual(['link-locked-out']);
  });

  it('protects the chats API with NOTIFICATION_API_TOKEN when set', async () => {
    const token = 'gateway-token-0123456789';
    await h.start({ TELEGRAM_ADMIN_CHAT_IDS: String(ADMIN), NOTIFICATION_API_TOKEN: token });
    const call = (headers: Record<string, string>) => fetch(`${h.url}/chats/link-codes`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: '{}' });
    const refused = await call({});
    expect(refused.status).toBe(401);
    expect(await refused.json()).toEqual({ error: { code: 'auth.unauthorized', message: 'a valid bearer token is required' } });
    expect((await call({ authorization: 'Bearer wrong-token-0123456789' })).status).toBe(401);
    expect((await call({ authorization: `Bearer ${token}` })).status).toBe(201);
    expect((await fetch(`${h.url}/chats`)).status).toBe(401);
    expect((await fetch(`${h.url}/health/live`)).status).toBe(200);
  });

  it('follows TELEGRAM_ADMIN_CHAT_IDS across restarts and keeps what a chat chose', async () => {
    const OTHER = 200300400;
    await h.start({ TELEGRAM_ADMIN_CHAT_IDS: `${ADMIN},${OTHER}` });
    const put = await h.request('PUT', `/chats/${ADMIN}/subscriptions`, {
      items: [{ topic: 'cash.*', enabled: true, minSeverity: 'critical', resolved: false }],
    });
    expect(put.status).toBe(200);
    await h.stop();
    await h.start({ TELEGRAM_ADMIN_CHAT_IDS: String(ADMIN) });
    expect((await h.request('GET', '/chats')).body.items.map((c: { chatId: string }) => c.chatId)).toEqual([String(ADMIN)]);
    const subs = await h.request('GET', `/chats/${ADMIN}/subscriptions`);
    expect(subs.body.items[0]).toEqual({ topic: 'cash.*', enabled: true, minSeverity: 'critical', resolved: false });
  });
});
