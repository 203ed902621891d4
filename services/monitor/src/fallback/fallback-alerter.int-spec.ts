import { Logger } from '@nestjs/common';
import { parseEnv } from '@vigie/config';
import { MetricsService } from '@vigie/health';
import { LocalBotApi } from '@vigie/testing';
import { TelegramFallbackChannel } from '../channels/telegram-fallback.channel';
import { MonitorEnv } from '../config';
import { RECOVERY_TEXT } from '../domain/fallback';
import { recordProbe, unprobed, type TargetStatus } from '../domain/target-status';
import { FallbackAlerter } from './fallback-alerter';

const AFTER_MS = 60_000;
const T0 = Date.parse('2026-11-30T09:00:00.000Z');
const at = (ms: number) => new Date(T0 + ms);
const target = { name: 'notification', url: 'http://127.0.0.1:3120' };
const down: TargetStatus = recordProbe(unprobed(target), {
  target: 'notification',
  ok: false,
  latencyMs: 3,
  error: 'network ECONNREFUSED',
  checkedAt: at(0),
});
const up: TargetStatus = recordProbe(down, { target: 'notification', ok: true, status: 200, latencyMs: 3, checkedAt: at(1) });

function alerter(env: Record<string, string>): FallbackAlerter {
  const config = parseEnv('monitor', MonitorEnv, { MONITOR_TARGETS: `notification=${target.url}`, MONITOR_FALLBACK_AFTER_MS: String(AFTER_MS), ...env });
  const metrics = new MetricsService('monitor-test');
  const fallback = new FallbackAlerter(config, new TelegramFallbackChannel(config), metrics);
  fallback.onModuleInit();
  return fallback;
}

describe('FallbackAlerter without a Telegram token', () => {
  let errors: jest.SpyInstance;
  let logs: jest.SpyInstance;
  beforeEach(() => {
    errors = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    logs = jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
  });
  afterEach(() => jest.restoreAllMocks());

  it('logs the outage once, with the alert text, and its end once', async () => {
    const fallback = alerter({});
    expect(logs).toHaveBeenCalledWith(expect.stringContaining('Telegram is off (no TELEGRAM_BOT_TOKEN)'));
    await fallback.check(down, at(AFTER_MS));
    expect(errors).not.toHaveBeenCalled();
    await fallback.check(down, at(AFTER_MS + 1000));
    await fallback.check(down, at(AFTER_MS + 6000));
    expect(errors).toHaveBeenCalledTimes(1);
    expect(errors.mock.calls[0][0]).toContain(
      'no chat to alert, this log is the alert: ⚠️ Vigie : le service de notification ne répond plus depuis 1 min 1 s',
    );
    await fallback.check(up, at(AFTER_MS + 9000));
    await fallback.check(up, at(AFTER_MS + 14000));
    expect(logs.mock.calls.filter(([m]) => String(m).includes('answers again'))).toHaveLength(1);
  });
});

describe('FallbackAlerter against the local Bot API', () => {
  let bot: LocalBotApi;
  beforeAll(async () => {
    bot = await LocalBotApi.start();
  });
  afterAll(() => bot.stop());
  beforeEach(() => {
    bot.reset();
    jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
  });
  afterEach(() => jest.restoreAllMocks());

  const withBot = (chats: string[]) =>
    alerter({ TELEGRAM_BOT_TOKEN: bot.token, TELEGRAM_API_ROOT: bot.apiRoot, TELEGRAM_ADMIN_CHAT_IDS: chats.join(',') });
  const delivered = () => bot.calls('sendMessage').filter((c) => c.status === 200);
  const to = (chat: string) => delivered().filter((c) => String(c.params.chat_id) === chat);

  it('tries a chat whose alert failed again at the next round, and only that one', async () => {
    const fallback = withBot(['11', '22']);
    bot.failNext(1, { status: 502, method: 'sendMessage' });
    await fallback.check(down, at(AFTER_MS + 1));
    expect(bot.calls('sendMessage')).toHaveLength(2);
    expect(delivered()).toHaveLength(1);
    await fallback.check(down, at(AFTER_MS + 5000));
    await fallback.check(down, at(AFTER_MS + 10000));
    expect(bot.calls('sendMessage')).toHaveLength(3);
    expect(to('11')).toHaveLength(1);
    expect(to('22')).toHaveLength(1);
  });

  it('tries again while the Bot API is unreachable, then sends each alert once', async () => {
    const fallback = withBot(['11']);
    bot.setDown(true);
    await fallback.check(down, at(AFTER_MS + 1));
    expect(delivered()).toHaveLength(0);
    bot.setDown(false);
    await fallback.check(down, at(AFTER_MS + 5000));
    await fallback.check(down, at(AFTER_MS + 10000));
    expect(to('11').map((c) => c.params.text)).toEqual([expect.stringContaining('depuis 1 min 5 s')]);
  });

  it('gives up on a chat that refuses the alert (403) and does not send it a recovery notice', async () => {
    const fallback = withBot(['11']);
    bot.failNext(1, { status: 403, description: 'Forbidden: bot was blocked by the user', method: 'sendMessage' });
    await fallback.check(down, at(AFTER_MS + 1));
    await fallback.check(down, at(AFTER_MS + 5000));
    expect(bot.calls('sendMessage')).toHaveLength(1);
    await fallback.check(up, at(AFTER_MS + 9000));
    expect(bot.calls('sendMessage')).toHaveLength(1);
  });

  it('tells the chats back only after the threshold was passed, and retries a failed recovery notice', async () => {
    const fallback = withBot(['11']);
    await fallback.check(down, at(AFTER_MS));
    await fallback.check(up, at(AFTER_MS + 1000));
    expect(bot.calls('sendMessage')).toHaveLength(0);

    await fallback.check(down, at(AFTER_MS + 1));
    bot.failNext(1, { status: 500, method: 'sendMessage' });
    await fallback.check(up, at(AFTER_MS + 5000));
    await fallback.check(up, at(AFTER_MS + 10000));
    await fallback.check(up, at(AFTER_MS + 15000));
    expect(to('11').map((c) => c.params.text)).toEqual([expect.stringContaining('ne répond plus'), RECOVERY_TEXT]);
  });
});
