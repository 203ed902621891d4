import { ConfigError } from '@vigie/config';
import { loadConfig } from './config';

function problemsOf(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (e) {
    if (e instanceof ConfigError) return e.message;
    throw e;
  }
  throw new Error('expected a ConfigError');
}

describe('notification config', () => {
  it('has working defaults: Telegram off, official API root, port 3120, grouping 10 s, 1 msg/s per chat, 25/s overall, French, Paris', () => {
    expect(loadConfig({})).toMatchObject({
      NOTIFICATION_PORT: 3120,
      TELEGRAM_BOT_TOKEN: undefined,
      TELEGRAM_API_ROOT: 'https://api.telegram.org',
      TELEGRAM_ADMIN_CHAT_IDS: [],
      TELEGRAM_POLLING: true,
      TELEGRAM_POLL_TIMEOUT_SECONDS: 30,
      NOTIFY_GROUP_WINDOW_MS: 10_000,
      NOTIFY_CHAT_INTERVAL_MS: 1000,
      NOTIFY_GLOBAL_RATE_PER_SEC: 25,
      NOTIFY_DEFAULT_LOCALE: 'fr',
      NOTIFY_DEFAULT_TIMEZONE: 'Europe/Paris',
      LINK_CODE_TTL_MINUTES: 10,
      ANOMALY_URL: 'http://127.0.0.1:3110',
      MONITOR_URL: 'http://127.0.0.1:3140',
      SMTP_URL: undefined,
      EMAIL_TO: [],
      EMAIL_CRITICAL_ALERTS: false,
      EMAIL_WEEKLY_REPORT: true,
    });
  });

  it('reads chat ids and e-mail addresses as comma lists and drops trailing slashes from URLs', () => {
    const config = loadConfig({
      TELEGRAM_BOT_TOKEN: '123:abc',
      TELEGRAM_API_ROOT: 'http://127.0.0.1:8081/',
      TELEGRAM_ADMIN_CHAT_IDS: ' 100, -1001234 ,',
      ANOMALY_URL: 'http://anomaly:3110/',
      EMAIL_TO: 'a@example.org, b@example.org',
      SMTP_URL: 'smtps://user:pass@mail.example.org:465',
    });
    expect(config.TELEGRAM_API_ROOT).toBe('http://127.0.0.1:8081');
    expect(config.TELEGRAM_ADMIN_CHAT_IDS).toEqual(['100', '-1001234']);
    expect(config.ANOMALY_URL).toBe('http://anomaly:3110');
    expect(config.EMAIL_TO).toEqual(['a@example.org', 'b@example.org']);
  });

  it('lists every bad key without echoing secrets', () => {
    const message = problemsOf({
      TELEGRAM_BOT_TOKEN: 'secret token!',
      TELEGRAM_ADMIN_CHAT_IDS: '100,@admins',
      TELEGRAM_API_ROOT: 'ftp://x',
      SMTP_URL: 'http://user:hunter2-password@mail',
      EMAIL_TO: 'not-an-address',
      NOTIFY_DEFAULT_TIMEZONE: 'Mars/Olympus',
      NOTIFY_PRINCIPAL_SECRET: 'short',
    });
    for (const key of ['TELEGRAM_BOT_TOKEN', 'TELEGRAM_ADMIN_CHAT_IDS', 'TELEGRAM_API_ROOT', 'SMTP_URL', 'EMAIL_TO', 'NOTIFY_DEFAULT_TIMEZONE', 'NOTIFY_PRINCIPAL_SECRET']) {
      expect(message).toContain(key);
    }
    expect(message).not.toContain('secret token');
    expect(message).not.toContain('hunter2');
  });
});
