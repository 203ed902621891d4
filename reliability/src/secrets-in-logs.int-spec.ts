import type { LoginResponse } from '@vigie/contracts';
import { cashSessionClosed, LocalBotApi, LocalSmtpServer, randomToken, testEnvironment, type TestEnvironment } from '@vigie/testing';
import { ChildService } from './support/child-service';
import { rawRequest } from './support/raw-http';
import { reportScenario } from './support/report';
import { until } from './support/wait';

/**
 * The services run as child processes with known secret values and the most verbose log level, through
 * logins (good and bad), ingest (good and bad tokens), an alert sent to Telegram and by e-mail while the
 * Bot API and the SMTP server fail for a while. Then every line they printed, and every HTTP answer the
 * test got, is searched for each secret.
 */
describe('secrets never appear in logs or error bodies', () => {
  let env: TestEnvironment;
  let bot: LocalBotApi;
  let smtp: LocalSmtpServer;
  const children: ChildService[] = [];
  const answers: string[] = [];
  const secrets = {
    authSecret: `auth-${randomToken(40)}`,
    adminPassword: `admin pass ${randomToken(16)}`,
    ingestToken: `ingest-${randomToken(32)}`,
    smtpPassword: `smtp${randomToken(20)}`,
    notificationToken: `notif-${randomToken(24)}`,
    principalSecret: `princ-${randomToken(24)}`,
  };
  let botToken = '';

  beforeAll(async () => {
    env = await testEnvironment({ name: 'reliability-secrets' });
    bot = await LocalBotApi.start();
    botToken = bot.token;
    smtp = await LocalSmtpServer.start({ users: { vigie: secrets.smtpPassword } });
    const common = { ...env.env, HOST: '127.0.0.1', LOG_LEVEL: 'verbose' };
    const anomaly = await ChildService.start('anomaly', { ...common, ANOMALY_PORT: '0', ANOMALY_OUTBOX_INTERVAL_MS: '300' });
    children.push(anomaly);
    const notification = await ChildService.start('notification', {
      ...common,
      NOTIFICATION_PORT: '0',
      TELEGRAM_BOT_TOKEN: botToken,
      TELEGRAM_API_ROOT: bot.apiRoot,
      TELEGRAM_ADMIN_CHAT_IDS: '555',
      TELEGRAM_POLL_TIMEOUT_SECONDS: '1',
      TELEGRAM_BREAKER_RESET_MS: '500',
      NOTIFY_GROUP_WINDOW_MS: '0',
      SMTP_URL: smtp.url({ user: 'vigie', password: secrets.smtpPassword }),
      EMAIL_TO: 'admin@example.org',
      EMAIL_CRITICAL_ALERTS: 'true',
      NOTIFICATION_API_TOKEN: secrets.notificationToken,
      NOTIFY_PRINCIPAL_SECRET: secrets.principalSecret,
      ANOMALY_URL: anomaly.url,
    });
    children.push(notification);
    const gateway = await ChildService.start('gateway', {
      ...common,
      GATEWAY_PORT: '0',
      AUTH_SECRET: secrets.authSecret,
      ADMIN_BOOTSTRAP_LOGIN: 'chef',
      ADMIN_BOOTSTRAP_PASSWORD: secrets.adminPassword,
      INGEST_TOKENS: secrets.ingestToken,
      ANOMALY_URL: anomaly.url,
      NOTIFICATION_URL: notification.url,
    });
    children.push(gateway);
  }, 240_000);

  afterAll(async () => {
    for (const c of [...children].reverse()) await c.stop().catch(() => undefined);
    await bot?.stop();
    await smtp?.stop();
    await env?.cleanup();
  }, 90_000);

  async function call(base: string, method: string, path: string, headers: Record<string, string>, body?: unknown): Promise<string> {
    const res = await rawRequest(base, method, path, { headers: { 'content-type': 'application/json', ...headers }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    answers.push(`${method} ${path} ${res.status} ${JSON.stringify(res.headers)} ${res.text}`);
    return res.text;
  }

  it('finds none of them in any log line or HTTP answer of a full run', async () => {
    const [anomaly, notification, gateway] = children;
    // Logins: right, wrong (the real password with a typo), and the password typed as login name.
    const login = JSON.parse(await call(gateway.url, 'POST', '/api/auth/login', {}, { login: 'chef', password: secrets.adminPassword })) as LoginResponse;
    await call(gateway.url, 'POST', '/api/auth/login', {}, { login: 'chef', password: `${secrets.adminPassword}x` });
    await call(gateway.url, 'POST', '/api/auth/login', {}, { login: secrets.adminPassword, password: secrets.adminPassword });
    // Tokens where they do not belong.
    await call(gateway.url, 'GET', '/api/anomalies', { authorization: `Bearer ${secrets.ingestToken}` });
    await call(gateway.url, 'POST', '/api/events', { authorization: `Basic ${secrets.ingestToken}` }, {});
    await call(gateway.url, 'POST', '/api/events', { authorization: `Bearer ${secrets.ingestToken}x` }, {});
    await call(notification.url, 'GET', '/chats', { authorization: `Bearer ${secrets.notificationToken}x` });
    await call(notification.url, 'GET', '/chats', { authorization: `Bearer ${secrets.authSecret}` });
    await call(gateway.url, 'GET', '/api/chats', { authorization: `Bearer ${login.token}` });

    // A critical alert (a drawer 80 € short) while Telegram answers 502 then 429 and SMTP is down.
    bot.failNext(3, { status: 502, method: 'sendMessage' });
    bot.rateLimitNext(1, 1, 'sendMessage');
    smtp.setDown(true);
    const closing = cashSessionClosed({ registerId: 'caisse-s', openingAmount: 100, cashSales: 0, countedCash: 20, comment: 'manque' }, { siteId: 'site-s' });
    await call(gateway.url, 'POST', '/api/events', { authorization: `Bearer ${secrets.ingestToken}` }, closing);
    await until('the alert failing on Telegram at least 3 times', 60_000, async () => (bot.calls('sendMessage').filter((c) => c.status !== 200).length >= 3 ? true : undefined));
    await new Promise((r) => setTimeout(r, 3000));
    smtp.setDown(false);
    await until('the alert delivered on Telegram and by e-mail', 90_000, async () =>
      bot.calls('sendMessage').some((c) => c.status === 200 && String(c.params.chat_id) === '555') && smtp.messages().length > 0 ? true : undefined,
    );
    await call(anomaly.url, 'GET', '/anomalies/%00', {});
    await call(gateway.url, 'GET', '/api/anomalies', { authorization: `Bearer ${login.token}` });

    for (const c of [...children].reverse()) await c.stop();
    const logs = children.map((c) => ({ name: c.name, text: c.logs() }));
    const values: Record<string, string> = { ...secrets, botToken, botSecret: botToken.split(':')[1], smtpUrlAuth: `vigie:${secrets.smtpPassword}` };
    const encoded = (v: string) => [v, encodeURIComponent(v), Buffer.from(v).toString('base64'), Buffer.from(`\u0000vigie\u0000${v}`).toString('base64')];
    const leaks: string[] = [];
    let lines = 0;
    for (const { name, text } of [...logs, { name: 'http answers', text: answers.join('\n') }]) {
      for (const line of text.split('\n')) {
        lines++;
        for (const [what, value] of Object.entries(values)) {
          if (encoded(value).some((e) => line.includes(e))) leaks.push(`${name}: ${what} in "${line.slice(0, 200)}"`);
        }
      }
    }
    const logLines = logs.reduce((n, l) => n + l.text.split('\n').length, 0);
    reportScenario('security-secrets', { in: lines, out: lines - leaks.length, lost: leaks.length, duplicated: 0, extra: { logLines, answers: answers.length, secrets: Object.keys(values).length } });
    // The run really logged (verbose) and really failed on the way, so the search had something to read.
    expect(logLines).toBeGreaterThan(50);
    expect(logs.find((l) => l.name === 'notification')!.text).toMatch(/502|Bad Gateway|429/);
    expect(leaks).toEqual([]);
  }, 300_000);
});
