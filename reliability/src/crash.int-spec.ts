import { EventPublisher } from '@vigie/messaging';
import { cashSessionClosed, collectEvents, LocalBotApi, randomToken, testEnvironment, type TestEnvironment } from '@vigie/testing';
import { ChildService } from './support/child-service';
import { lostAndDuplicated, reportScenario } from './support/report';
import { until } from './support/wait';

const RATE_PER_SEC = 250;
const SECONDS = 12;
/** One closing in ANOMALOUS_EVERY is 30 € short on a register of its own: one alert each. */
const ANOMALOUS_EVERY = 80;
const ADMIN_CHAT = '555';

/**
 * Steady load of cash closings published on CASH while the anomaly service, then the notification
 * service (both real processes), are killed with SIGKILL and started again. Afterwards every expected
 * `cash.variance` exists once (ANOMALY stream and the service's table) and reached Telegram once.
 */
describe('kill -9 under load: anomaly, then notification', () => {
  let env: TestEnvironment;
  let bot: LocalBotApi;
  const running = new Map<string, ChildService>();
  const tag = randomToken(5);
  let anomalyEnv: Record<string, string>;
  let notificationEnv: Record<string, string>;

  beforeAll(async () => {
    env = await testEnvironment({ name: 'reliability-crash' });
    bot = await LocalBotApi.start();
    const common = { ...env.env, HOST: '127.0.0.1', LOG_LEVEL: 'warn' };
    anomalyEnv = { ...common, ANOMALY_PORT: '0', ANOMALY_OUTBOX_INTERVAL_MS: '300' };
    running.set('anomaly', await ChildService.start('anomaly', anomalyEnv));
    notificationEnv = {
      ...common,
      NOTIFICATION_PORT: '0',
      TELEGRAM_BOT_TOKEN: bot.token,
      TELEGRAM_API_ROOT: bot.apiRoot,
      TELEGRAM_ADMIN_CHAT_IDS: ADMIN_CHAT,
      TELEGRAM_POLL_TIMEOUT_SECONDS: '1',
      NOTIFY_GROUP_WINDOW_MS: '0',
      NOTIFY_CHAT_INTERVAL_MS: '0',
      ANOMALY_URL: running.get('anomaly')!.url,
    };
    running.set('notification', await ChildService.start('notification', notificationEnv));
  }, 240_000);

  afterAll(async () => {
    for (const c of running.values()) await c.stop('SIGKILL').catch(() => undefined);
    await bot?.stop();
    await env?.cleanup();
  }, 60_000);

  async function crashAndRestart(name: 'anomaly' | 'notification'): Promise<void> {
    await running.get(name)!.stop('SIGKILL');
    const env = name === 'anomaly' ? anomalyEnv : notificationEnv;
    running.set(name, await ChildService.start(name, env));
  }

  it(`loses and duplicates nothing at ${RATE_PER_SEC} events/s for ${SECONDS} s`, async () => {
    const publisher = new EventPublisher(env.bus);
    const expected: string[] = [];
    const total = RATE_PER_SEC * SECONDS;
    const started = Date.now();
    const inflight = new Set<Promise<unknown>>();
    const crashes: Promise<void>[] = [];
    let published = 0;
    while (published < total) {
      const due = Math.min(total, Math.floor(((Date.now() - started) / 1000) * RATE_PER_SEC));
      for (; published < due; published++) {
        const i = published;
        const anomalous = i % ANOMALOUS_EVERY === 0;
        const registerId = anomalous ? `reg-${tag}-${i}` : `reg-${tag}-calme-${i % 20}`;
        if (anomalous) expected.push(registerId);
        const event = cashSessionClosed(
          { registerId, sessionId: `sess-${tag}-${i}`, openingAmount: 100, cashSales: 20, countedCash: anomalous ? 90 : 120, ...(anomalous ? { comment: 'manque' } : {}) },
          { siteId: 'site-crash', occurredAt: new Date(Date.parse('2026-11-30T07:00:00Z') + i * 1000) },
        );
        const p = publisher.publish(event).finally(() => inflight.delete(p));
        inflight.add(p);
      }
      const elapsed = Date.now() - started;
      if (crashes.length === 0 && elapsed > 3000) crashes.push(crashAndRestart('anomaly'));
      if (crashes.length === 1 && elapsed > 7000) crashes.push(crashAndRestart('notification'));
      await new Promise((r) => setTimeout(r, 20));
    }
    await Promise.all(inflight);
    const loadSeconds = (Date.now() - started) / 1000;
    await Promise.all(crashes);

    const anomalyUrl = () => running.get('anomaly')!.url;
    const rowsOf = async () => {
      const page = JSON.parse(await (await fetch(`${anomalyUrl()}/anomalies?ruleId=cash.variance&limit=200`)).text()) as { items: { key: string; title: string }[] };
      return page.items.map((a) => /reg-[a-z0-9]+-\d+/.exec(a.title)?.[0] ?? a.key);
    };
    const raisedOf = async () =>
      (await collectEvents(env.bus, 'ANOMALY'))
        .filter((f) => f.event.type === 'anomaly.alert.raised' && f.event.data.ruleId === 'cash.variance')
        .map((f) => (f.event.type === 'anomaly.alert.raised' ? /reg-[a-z0-9]+-\d+/.exec(f.event.data.title)?.[0] ?? '' : ''));
    const telegramOf = () =>
      bot
        .calls('sendMessage')
        .filter((c) => c.status === 200 && String(c.params.chat_id) === ADMIN_CHAT)
        // One alert per message (its text may name the register twice).
        .flatMap((c) => [...new Set(String(c.params.text).match(new RegExp(`reg-${tag}-\\d+`, 'g')) ?? [])]);
    await until('every expected anomaly raised and sent to Telegram', 120_000, async () => {
      const [raised, sent] = [new Set(await raisedOf()), new Set(telegramOf())];
      return expected.every((r) => raised.has(r) && sent.has(r)) ? true : undefined;
    }, 1000);
    // Late duplicates would come now (redeliveries after ack_wait): give them time to show.
    await new Promise((r) => setTimeout(r, 5000));
    const raised = lostAndDuplicated(expected, await raisedOf());
    const rows = lostAndDuplicated(expected, await rowsOf());
    const sent = lostAndDuplicated(expected, telegramOf());
    const stored = (await collectEvents(env.bus, 'CASH')).length;

    reportScenario('crash-anomaly-notification', {
      in: expected.length,
      out: Math.min(raised.out, rows.out, sent.out),
      lost: raised.lost + rows.lost + sent.lost,
      duplicated: raised.duplicated + rows.duplicated + sent.duplicated,
      extra: { events: total, stored, eventsPerSec: Math.round(total / loadSeconds), kills: 2 },
    });
    expect(stored).toBe(total);
    expect(raised).toEqual({ out: expected.length, lost: 0, duplicated: 0 });
    expect(rows).toEqual({ out: expected.length, lost: 0, duplicated: 0 });
    expect(sent).toEqual({ out: expected.length, lost: 0, duplicated: 0 });
    for (const c of running.values()) expect((await fetch(`${c.url}/health/ready`)).status).toBe(200);
  }, 400_000);
});
