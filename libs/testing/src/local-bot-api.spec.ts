import { Api, Bot, GrammyError, HttpError } from 'grammy';
import { LocalBotApi } from './local-bot-api';

describe('LocalBotApi', () => {
  let bot: LocalBotApi;
  let api: Api;

  beforeEach(async () => {
    bot = await LocalBotApi.start();
    api = new Api(bot.token, { apiRoot: bot.apiRoot });
  });

  afterEach(async () => {
    await bot.stop();
  });

  it('answers getMe with the bot whose id starts the token', async () => {
    const me = await api.getMe();
    expect(me.is_bot).toBe(true);
    expect(me.id).toBe(Number(bot.token.split(':')[0]));
    expect(bot.apiRoot).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('accepts a given token', async () => {
    const other = await LocalBotApi.start({ token: '4242:given-secret' });
    try {
      expect((await new Api('4242:given-secret', { apiRoot: other.apiRoot }).getMe()).id).toBe(4242);
    } finally {
      await other.stop();
    }
  });

  it('sends messages with increasing ids and records each call with its params', async () => {
    const first = await api.sendMessage(100, '<b>Écart</b> de caisse', { parse_mode: 'HTML' });
    const second = await api.sendMessage(-200, 'deux');
    expect(second.message_id).toBeGreaterThan(first.message_id);
    expect(first).toMatchObject({ chat: { id: 100, type: 'private' }, text: '<b>Écart</b> de caisse' });
    expect(second.chat).toMatchObject({ id: -200, type: 'supergroup' });
    expect(Math.abs(first.date - Date.now() / 1000)).toBeLessThan(5);
    const calls = bot.calls('sendMessage');
    expect(calls.map((c) => c.params)).toEqual([
      { chat_id: 100, text: '<b>Écart</b> de caisse', parse_mode: 'HTML' },
      { chat_id: -200, text: 'deux' },
    ]);
    expect(calls[0]).toMatchObject({ method: 'sendMessage', status: 200 });
    expect(calls[0].at).toBeInstanceOf(Date);
    expect(bot.calls().map((c) => c.method)).toEqual(['sendMessage', 'sendMessage']);
  });

  it('reads form and query parameters as Telegram does', async () => {
    const form = await fetch(`${bot.apiRoot}/bot${bot.token}/sendMessage`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ chat_id: '7', text: 'par formulaire', reply_markup: '{"inline_keyboard":[]}' }),
    });
    expect(await form.json()).toMatchObject({ ok: true, result: { chat: { id: 7 }, text: 'par formulaire' } });
    const multipart = new FormData();
    multipart.set('chat_id', '8');
    multipart.set('text', '[multipart]');
    const parts = await fetch(`${bot.apiRoot}/bot${bot.token}/sendMessage`, { method: 'POST', body: multipart });
    expect(await parts.json()).toMatchObject({ ok: true, result: { chat: { id: 8 }, text: '[multipart]' } });
    const query = await fetch(`${bot.apiRoot}/bot${bot.token}/sendMessage?chat_id=9&text=en+GET`);
    expect(await query.json()).toMatchObject({ ok: true, result: { chat: { id: 9 }, text: 'en GET' } });
    expect(bot.calls('sendMessage')[0].params).toEqual({ chat_id: 7, text: 'par formulaire', reply_markup: { inline_keyboard: [] } });
  });

  it('refuses a wrong token with 401 and an unknown method with 404, like Telegram', async () => {
    const stranger = new Api(`${bot.token}x`, { apiRoot: bot.apiRoot });
    await expect(stranger.getMe()).rejects.toMatchObject({ error_code: 401, description: 'Unauthorized' });
    const res = await fetch(`${bot.apiRoot}/bot${bot.token}/launchRocket`, { method: 'POST' });
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ ok: false, error_code: 404, description: 'Not Found: method not found' });
    expect(bot.calls('getMe')).toHaveLength(0);
  });

  it('edits sent messages and answers callback queries', async () => {
    const keyboard = { inline_keyboard: [[{ text: 'Acquitter', callback_data: 'ack:a1' }]] };
    const sent = await api.sendMessage(100, 'alerte', { reply_markup: keyboard });
    const edited = await api.editMessageText(100, sent.message_id, 'alerte acquittée');
    expect(edited).toMatchObject({ message_id: sent.message_id, text: 'alerte acquittée' });
    await expect(api.editMessageText(100, sent.message_id, 'alerte acquittée')).rejects.toMatchObject({
      error_code: 400,
      description: expect.stringContaining('message is not modified'),
    });
    const marked = await api.editMessageReplyMarkup(100, sent.message_id, { reply_markup: keyboard });
    expect(marked).toMatchObject({ reply_markup: keyboard });
    await expect(api.editMessageText(100, 9999, 'x')).rejects.toMatchObject({
      error_code: 400,
      description: 'Bad Request: message to edit not found',
    });
    await expect(api.answerCallbackQuery('cb-1', { text: 'ok' })).resolves.toBe(true);
    await expect(api.setMyCommands([{ command: 'start', description: 'Démarrer' }])).resolves.toBe(true);
    await expect(api.deleteWebhook()).resolves.toBe(true);
  });

  it('long-polls getUpdates: waits for a pushed update, honours offset and timeout', async () => {
    const waiting = api.getUpdates({ timeout: 10 });
    await new Promise((r) => setTimeout(r, 50));
    const update = bot.sendUserMessage(100, 'bonjour');
    const [got] = await waiting;
    expect(got).toEqual(update);
    expect(got.message).toMatchObject({ chat: { id: 100 }, text: 'bonjour' });

    expect(await api.getUpdates({ offset: got.update_id, timeout: 0 })).toEqual([got]);
    expect(await api.getUpdates({ offset: got.update_id + 1, timeout: 0 })).toEqual([]);
    expect(await api.getUpdates({ timeout: 0 })).toEqual([]);

    const started = Date.now();
    expect(await api.getUpdates({ offset: got.update_id + 1, timeout: 1 })).toEqual([]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });

  it('serves a real grammY bot on long polling: commands and button presses', async () => {
    const client = new Bot(bot.token, { client: { apiRoot: bot.apiRoot } });
    const pressed: string[] = [];
    client.command('start', (ctx) => ctx.reply('Bienvenue'));
    client.on('callback_query:data', async (ctx) => {
      pressed.push(ctx.callbackQuery.data);
      await ctx.answerCallbackQuery();
    });
    const running = client.start({ timeout: 2 });
    try {
      bot.sendUserMessage(321, '/start');
      const [reply] = await bot.waitForCalls('sendMessage', 1, 5000);
      expect(reply.params).toMatchObject({ chat_id: 321, text: 'Bienvenue' });
      bot.pressButton(321, 1, 'ack:a1');
      await bot.waitForCalls('answerCallbackQuery', 1, 5000);
      expect(pressed).toEqual(['ack:a1']);
    } finally {
      await client.stop();
      await running;
    }
    expect(bot.calls('deleteWebhook')).toHaveLength(1);
  });

  it('injects 5xx faults, optionally for one method only', async () => {
    bot.failNext(2, { status: 502, description: 'Bad Gateway', method: 'sendMessage' });
    await expect(api.getMe()).resolves.toBeDefined();
    await expect(api.sendMessage(1, 'a')).rejects.toMatchObject({ error_code: 502, description: 'Bad Gateway' });
    await expect(api.sendMessage(1, 'a')).rejects.toBeInstanceOf(GrammyError);
    await expect(api.sendMessage(1, 'a')).resolves.toMatchObject({ text: 'a' });
    bot.failNext(1, { status: 500 });
    await expect(api.getMe()).rejects.toMatchObject({ error_code: 500 });
    expect(bot.calls('sendMessage').map((c) => c.status)).toEqual([502, 502, 200]);
  });

  it('rate-limits with 429 and parameters.retry_after', async () => {
    bot.rateLimitNext(1, 3);
    const error = await api.sendMessage(1, 'a').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GrammyError);
    expect(error).toMatchObject({
      error_code: 429,
      description: 'Too Many Requests: retry after 3',
      parameters: { retry_after: 3 },
    });
    await expect(api.sendMessage(1, 'a')).resolves.toBeDefined();
  });

  it('can be down: connections are reset until it is back', async () => {
    bot.setDown(true);
    await expect(api.getMe()).rejects.toBeInstanceOf(HttpError);
    bot.setDown(false);
    await expect(api.getMe()).resolves.toBeDefined();
    expect(bot.calls('getMe')).toHaveLength(1);
  });

  it('waits for calls and says what it saw on timeout', async () => {
    const waiting = bot.waitForCalls('sendMessage', 2, 2000);
    await api.sendMessage(1, 'a');
    await api.sendMessage(2, 'b');
    expect((await waiting).map((c) => c.params.chat_id)).toEqual([1, 2]);
    await expect(bot.waitForCalls('sendMessage', 3, 100)).rejects.toThrow(
      'expected 3 sendMessage call(s) within 100 ms, got 2 (calls: sendMessage→200, sendMessage→200)',
    );
  });

  it('reset forgets calls, faults and updates', async () => {
    bot.failNext(5);
    bot.setDown(true);
    bot.sendUserMessage(1, 'x');
    bot.reset();
    await expect(api.getMe()).resolves.toBeDefined();
    expect(await api.getUpdates({ timeout: 0 })).toEqual([]);
    expect(bot.calls().map((c) => c.method)).toEqual(['getMe', 'getUpdates']);
  });

  it('ends pending long polls when stopped', async () => {
    const other = await LocalBotApi.start();
    const polling = new Api(other.token, { apiRoot: other.apiRoot }).getUpdates({ timeout: 20 });
    await new Promise((r) => setTimeout(r, 50));
    await other.stop();
    await expect(polling).resolves.toEqual([]);
  });
});
