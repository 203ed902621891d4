import { ConfigError } from '@vigie/config';
import { loadConfig } from './config';

describe('notification config', () => {
  it('has working defaults: Telegram off, official API root, port 3120', () => {
    expect(loadConfig({})).toMatchObject({
      NOTIFICATION_PORT: 3120,
      TELEGRAM_BOT_TOKEN: undefined,
      TELEGRAM_API_ROOT: 'https://api.telegram.org',
      TELEGRAM_ADMIN_CHAT_IDS: [],
    });
  });

  it('reads chat ids as a comma list and drops a trailing slash from the API root', () => {
    const config = loadConfig({
      TELEGRAM_BOT_TOKEN: '123:abc',
      TELEGRAM_API_ROOT: 'http://127.0.0.1:8081/',
      TELEGRAM_ADMIN_CHAT_IDS: ' 100, -1001234 ,',
    });
    expect(config.TELEGRAM_API_ROOT).toBe('http://127.0.0.1:8081');
    expect(config.TELEGRAM_ADMIN_CHAT_IDS).toEqual(['100', '-1001234']);
  });

  it('lists every bad key without echoing the token', () => {
    let error: unknown;
    try {
      loadConfig({ TELEGRAM_BOT_TOKEN: 'secret token!', TELEGRAM_ADMIN_CHAT_IDS: '100,@admins', TELEGRAM_API_ROOT: 'ftp://x' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as ConfigError).message;
    expect(message).toContain('TELEGRAM_BOT_TOKEN');
    expect(message).toContain('TELEGRAM_ADMIN_CHAT_IDS');
    expect(message).toContain('TELEGRAM_API_ROOT');
    expect(message).not.toContain('secret token');
  });
});
