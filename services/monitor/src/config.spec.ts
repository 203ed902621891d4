import { ConfigError, parseEnv } from '@vigie/config';
import { MonitorEnv } from './config';

const parse = (env: Record<string, string>) => parseEnv('monitor', MonitorEnv, env);
const problems = (env: Record<string, string>) => {
  try {
    parse(env);
  } catch (e) {
    if (e instanceof ConfigError) return e.message;
    throw e;
  }
  throw new Error('expected a ConfigError');
};

describe('monitor config', () => {
  it('defaults to every Vigie service on its default port, and the documented intervals', () => {
    const config = parse({});
    expect(config.MONITOR_TARGETS).toEqual([
      { name: 'gateway', url: 'http://127.0.0.1:3000' },
      { name: 'cash', url: 'http://127.0.0.1:3101' },
      { name: 'sync', url: 'http://127.0.0.1:3102' },
      { name: 'ai', url: 'http://127.0.0.1:3103' },
      { name: 'anomaly', url: 'http://127.0.0.1:3110' },
      { name: 'notification', url: 'http://127.0.0.1:3120' },
      { name: 'reporting', url: 'http://127.0.0.1:3130' },
    ]);
    expect(config).toMatchObject({
      MONITOR_PORT: 3140,
      MONITOR_PROBE_INTERVAL_MS: 5000,
      MONITOR_PROBE_TIMEOUT_MS: 2000,
      MONITOR_TICK_INTERVAL_MS: 5000,
      MONITOR_FALLBACK_AFTER_MS: 60_000,
      MONITOR_FALLBACK_TARGET: 'notification',
      TELEGRAM_API_ROOT: 'https://api.telegram.org',
      TELEGRAM_ADMIN_CHAT_IDS: [],
    });
    expect(config.TELEGRAM_BOT_TOKEN).toBeUndefined();
  });

  it('reads name=url pairs, trimmed, with trailing slashes and path prefixes kept apart', () => {
    expect(parse({ MONITOR_TARGETS: ' cash = http://cash:3101/ , edge=https://vigie.example.org/notification/,,' }).MONITOR_TARGETS).toEqual([
      { name: 'cash', url: 'http://cash:3101' },
      { name: 'edge', url: 'https://vigie.example.org/notification' },
    ]);
  });

  it('lists every bad entry without echoing urls, which could hold a password', () => {
    const message = problems({
      MONITOR_TARGETS: 'cash,a b=http://x,ftp=ftp://x,sec=http://u:s3cret@x,cash=http://x,cash=http://y,q=http://x/?a=1',
    });
    expect(message).toContain('entry 1 (?): must be name=url');
    expect(message).toContain('entry 2 (?): name must match');
    expect(message).toContain('entry 3 (ftp): url must be http or https');
    expect(message).toContain('entry 4 (sec): url must not carry credentials');
    expect(message).toContain('entry 6 (cash): name listed twice');
    expect(message).toContain('entry 7 (q): url must not have a query');
    expect(message).not.toContain('s3cret');
  });

  it('refuses a list with no target, bad intervals and bad Telegram settings', () => {
    const message = problems({
      MONITOR_TARGETS: ',,',
      MONITOR_PROBE_INTERVAL_MS: '10',
      MONITOR_PROBE_TIMEOUT_MS: 'soon',
      TELEGRAM_BOT_TOKEN: 'nope',
      TELEGRAM_ADMIN_CHAT_IDS: '123,@admin',
    });
    for (const key of ['MONITOR_TARGETS', 'MONITOR_PROBE_INTERVAL_MS', 'MONITOR_PROBE_TIMEOUT_MS', 'TELEGRAM_BOT_TOKEN', 'TELEGRAM_ADMIN_CHAT_IDS']) {
      expect(message).toContain(`${key}:`);
    }
    expect(message).toContain('must list at least one name=url');
  });
});
