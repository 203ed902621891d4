import type { LoginResponse } from '@vigie/contracts';
import { io } from 'socket.io-client';
import { rawRequest } from './support/raw-http';
import { reportScenario } from './support/report';
import { ADMIN_CHAT, STACK_ADMIN, startStack, type Stack } from './support/stack';
import { until } from './support/wait';

/**
 * What services/gateway/src/http/api-auth.int-spec.ts does not already prove (every /api route and the
 * Socket.IO handshake refuse missing, expired, forged and wrong-role tokens): headers and CORS, tokens
 * slipped in where they do not belong, Telegram chats that were never linked, personal data in alerts.
 */
describe('security: headers, CORS, unlinked Telegram chats, personal data in alerts', () => {
  let stack: Stack;
  let token: string;
  const EVIL = 'https://evil.example';
  // Someone types an e-mail address as login name, and a cashier writes a name in a closing comment.
  const PERSON = { login: 'marie.dupont@ressourcerie.fr', name: 'Marie Dupont' };

  beforeAll(async () => {
    stack = await startStack('reliability-security');
    const res = await rawRequest(stack.services.gateway.url, 'POST', '/api/auth/login', {
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(STACK_ADMIN),
    });
    token = (JSON.parse(res.text) as LoginResponse).token;
  }, 180_000);

  afterAll(async () => {
    await stack?.stop();
  }, 60_000);

  const gw = () => stack.services.gateway.url;

  it('sets security headers on every kind of gateway answer and no CORS grant to another origin', async () => {
    const answers = {
      'GET /api/health (200)': await rawRequest(gw(), 'GET', '/api/health', { headers: { authorization: `Bearer ${token}`, origin: EVIL } }),
      'GET /api/anomalies (401)': await rawRequest(gw(), 'GET', '/api/anomalies', { headers: { origin: EVIL } }),
      'POST /api/events (401)': await rawRequest(gw(), 'POST', '/api/events', { headers: { origin: EVIL, 'content-type': 'application/json' }, body: '{}' }),
      'GET /api/nowhere (404)': await rawRequest(gw(), 'GET', '/api/nowhere', { headers: { authorization: `Bearer ${token}` } }),
      'GET /health/ready': await rawRequest(gw(), 'GET', '/health/ready'),
      'OPTIONS /api/anomalies (preflight)': await rawRequest(gw(), 'OPTIONS', '/api/anomalies', {
        headers: { origin: EVIL, 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' },
      }),
      'GET /socket.io (handshake)': await rawRequest(gw(), 'GET', '/socket.io/?EIO=4&transport=polling', { headers: { origin: EVIL } }),
    };
    const wrong: string[] = [];
    let checked = 0;
    let answersWrong = 0;
    for (const [what, res] of Object.entries(answers)) {
      checked++;
      const wrongBefore = wrong.length;
      const done = () => (answersWrong += wrong.length > wrongBefore ? 1 : 0);
      const h = res.headers;
      if (h['access-control-allow-origin'] !== undefined) wrong.push(`${what}: access-control-allow-origin ${String(h['access-control-allow-origin'])}`);
      if (h['access-control-allow-credentials'] !== undefined) wrong.push(`${what}: access-control-allow-credentials`);
      if (what.startsWith('GET /socket.io')) {
        done();
        continue;
      }
      if (h['x-powered-by'] !== undefined) wrong.push(`${what}: x-powered-by ${String(h['x-powered-by'])}`);
      if (h['x-content-type-options'] !== 'nosniff') wrong.push(`${what}: x-content-type-options ${String(h['x-content-type-options'])}`);
      if (h['x-frame-options'] !== 'DENY') wrong.push(`${what}: x-frame-options ${String(h['x-frame-options'])}`);
      if (!String(h['content-security-policy'] ?? '').includes("frame-ancestors 'none'")) wrong.push(`${what}: content-security-policy ${String(h['content-security-policy'])}`);
      if (h['referrer-policy'] !== 'no-referrer') wrong.push(`${what}: referrer-policy ${String(h['referrer-policy'])}`);
      if (what.includes('/api/') && h['cache-control'] !== 'no-store') wrong.push(`${what}: cache-control ${String(h['cache-control'])}`);
      done();
    }
    expect(answers['GET /api/health (200)'].status).toBe(200);
    reportScenario('security-headers', { in: checked, out: checked - answersWrong, lost: answersWrong, duplicated: 0 });
    expect(wrong).toEqual([]);
  });

  it('opens nothing with a valid token given anywhere but the Authorization header', async () => {
    const tries = [
      await rawRequest(gw(), 'GET', `/api/anomalies?token=${token}`),
      await rawRequest(gw(), 'GET', `/api/anomalies?access_token=${token}`),
      await rawRequest(gw(), 'GET', '/api/anomalies', { headers: { cookie: `token=${token}; access_token=${token}` } }),
      await rawRequest(gw(), 'GET', '/api/anomalies', { headers: { 'x-access-token': token } }),
      await rawRequest(gw(), 'GET', '/api/anomalies', { headers: { authorization: token } }),
    ];
    expect(tries.map((t) => t.status)).toEqual([401, 401, 401, 401, 401]);
    // Socket.IO: the token in the query string instead of the handshake's auth.
    const socket = io(`${gw()}/live`, { query: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
    const outcome = await new Promise<string>((resolve) => {
      socket.once('connect', () => resolve('connected'));
      socket.once('connect_error', (e: Error) => resolve(e.message));
    });
    socket.close();
    expect(outcome).toMatch(/^auth\.unauthorized/);
  });

  it('answers commands and buttons from chats that were never linked with a refusal and nothing else', async () => {
    const { bot } = stack;
    // A real anomaly, so a pressed button would have something to act on.
    const cash = stack.services.cash.url;
    const json = { 'content-type': 'application/json' };
    const open = JSON.parse(
      (await rawRequest(cash, 'POST', '/sessions', { headers: json, body: JSON.stringify({ siteId: 'site-1', registerId: 'caisse-9', operatorId: 'op-7', openingAmount: 50 }) })).text,
    ) as { sessionId: string };
    await rawRequest(cash, 'POST', `/sessions/${open.sessionId}/close`, { headers: json, body: JSON.stringify({ countedCash: 20, comment: `compté par ${PERSON.name}` }) });
    const anomaly = await until('the cash.variance anomaly', 30_000, async () => {
      const list = JSON.parse((await rawRequest(stack.services.anomaly.url, 'GET', '/anomalies?ruleId=cash.variance')).text) as { items: { anomalyId: string; status: string }[] };
      return list.items[0];
    });

    const menu = await until('the command menu', 20_000, async () => bot.calls('setMyCommands')[0]);
    const commands = (menu.params.commands as { command: string }[]).map((c) => c.command);
    const stranger = 777_001;
    const before = bot.calls().length;
    const texts = [
      ...commands.map((c) => `/${c}`),
      `/ack ${anomaly.anomalyId}`,
      '/subscriptions cash on',
      '/report',
      '/link',
      'bonjour',
    ];
    for (const text of texts) bot.sendUserMessage(stranger, text);
    const presses = [`ack:${anomaly.anomalyId}`, `sil:${anomaly.anomalyId}:60`, 'sub:cash', 'ack:', 'sil:../../x'];
    for (const data of presses) bot.pressButton(stranger, 1, data);

    // Every press is answered (a toast); messages get a refusal, not necessarily one each (no spamming back).
    const answered = await until('a refusal and an answer to each press', 30_000, async () => {
      const calls = bot.calls().slice(before).filter((c) => String(c.params.chat_id ?? '') === String(stranger) || c.method === 'answerCallbackQuery');
      const replies = calls.filter((c) => c.method === 'sendMessage');
      const toasts = calls.filter((c) => c.method === 'answerCallbackQuery');
      return replies.length >= 1 && toasts.length >= presses.length ? { replies, toasts, calls } : undefined;
    });
    await new Promise((r) => setTimeout(r, 2000));
    const toStranger = bot.calls().slice(before).filter((c) => String(c.params.chat_id ?? '') === String(stranger));
    const refusal = "⛔ Ce chat n'est pas autorisé à utiliser Vigie.";
    const badReplies = toStranger
      .filter((c) => c.method !== 'sendMessage' || !String(c.params.text).startsWith('⛔'))
      .map((c) => `${c.method}: ${String(c.params.text ?? '').slice(0, 120)}`);
    const badToasts = answered.toasts.filter((c) => !String(c.params.text ?? '').startsWith(refusal.split('\n')[0])).map((c) => String(c.params.text));
    const after = JSON.parse((await rawRequest(stack.services.anomaly.url, 'GET', `/anomalies/${anomaly.anomalyId}`)).text) as { status: string };

    const chats = JSON.parse((await rawRequest(stack.services.notification.url, 'GET', '/chats')).text) as { items: { chatId: string }[] };
    reportScenario('security-unlinked-chat', {
      in: texts.length + presses.length,
      out: texts.length + presses.length - badReplies.length - badToasts.length,
      lost: badReplies.length + badToasts.length,
      duplicated: 0,
      extra: { refusals: answered.replies.length, toasts: answered.toasts.length },
    });
    expect(chats.items.map((c) => c.chatId)).not.toContain(String(stranger));
    expect(badReplies).toEqual([]);
    expect(badToasts).toEqual([]);
    expect(after.status).toBe(anomaly.status);
    expect(answered.replies.filter((r) => String(r.params.text).includes(anomaly.anomalyId))).toEqual([]);
  }, 90_000);

  it('keeps personal data (login e-mails, names in comments) out of alert texts', async () => {
    const { bot } = stack;
    for (let i = 0; i < 6; i++) {
      await rawRequest(gw(), 'POST', '/api/auth/login', {
        headers: { 'content-type': 'application/json', 'x-forwarded-for': `10.0.0.${i}` },
        body: JSON.stringify({ login: PERSON.login, password: `essai-${i}-mauvais` }),
      });
    }
    const alerts = await until('the auth.failure-burst and cash.variance alerts in the admin chat', 60_000, async () => {
      const sent = bot.calls('sendMessage').filter((c) => String(c.params.chat_id) === ADMIN_CHAT).map((c) => String(c.params.text));
      const auth = sent.some((t) => /connexion/i.test(t));
      const cash = sent.some((t) => /caisse/i.test(t));
      return auth && cash ? sent : undefined;
    });
    const leaks = alerts.filter((t) => [PERSON.login, PERSON.name, 'marie', 'dupont', '@ressourcerie'].some((p) => t.toLowerCase().includes(p.toLowerCase())));
    reportScenario('security-personal-data', { in: alerts.length, out: alerts.length - leaks.length, lost: leaks.length, duplicated: 0 });
    expect(leaks).toEqual([]);
  }, 90_000);
});
