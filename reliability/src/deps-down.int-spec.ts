import { startAnomaly } from '@vigie/anomaly';
import { createEvent } from '@vigie/contracts';
import type { RunningService } from '@vigie/health';
import { EventPublisher } from '@vigie/messaging';
import { startNotification } from '@vigie/notification';
import { cashSessionClosed, collectEvents, LocalBotApi, randomToken, testEnvironment, type TestEnvironment } from '@vigie/testing';
import { lostAndDuplicated, reportScenario } from './support/report';
import { TcpProxy } from './support/tcp-proxy';
import { until } from './support/wait';

const ready = async (s: RunningService) => (await fetch(`${s.url}/health/ready`)).status;

describe('dependencies down', () => {
  describe('Postgres unreachable for the anomaly service during a load', () => {
    let env: TestEnvironment;
    let proxy: TcpProxy;
    let anomaly: RunningService | undefined;
    const tag = randomToken(5);

    beforeAll(async () => {
      env = await testEnvironment({ name: 'reliability-pg-down' });
      const target = new URL(env.database.url);
      proxy = await TcpProxy.start(target.hostname, Number(target.port || 5432));
      target.port = String(proxy.port);
      anomaly = await startAnomaly({ ...env.env, DATABASE_URL: target.toString(), HOST: '127.0.0.1', LOG_LEVEL: 'error', ANOMALY_PORT: '0', ANOMALY_OUTBOX_INTERVAL_MS: '300' });
    }, 120_000);

    afterAll(async () => {
      proxy?.restore();
      await anomaly?.stop().catch(() => undefined);
      await proxy?.stop();
      await env?.cleanup();
    }, 60_000);

    it('answers 503 while Postgres is unreachable, 200 once it is back, and loses or duplicates no anomaly', async () => {
      const publisher = new EventPublisher(env.bus);
      const expected: string[] = [];
      const publish = async (from: number, n: number) => {
        for (let i = from; i < from + n; i++) {
          const anomalous = i % 5 === 0;
          const registerId = anomalous ? `reg-${tag}-${i}` : `reg-${tag}-calme`;
          if (anomalous) expected.push(`sess-${tag}-${i}`);
          await publisher.publish(
            cashSessionClosed(
              { registerId, sessionId: `sess-${tag}-${i}`, openingAmount: 100, cashSales: 20, countedCash: anomalous ? 90 : 120, ...(anomalous ? { comment: 'manque' } : {}) },
              { siteId: 'site-pg', occurredAt: new Date(Date.parse('2026-11-30T07:00:00Z') + i * 1000) },
            ),
          );
        }
      };
      await publish(0, 100);
      expect(await ready(anomaly!)).toBe(200);
      proxy.cut();
      await publish(100, 100);
      await until('readiness 503 while Postgres is unreachable', 60_000, async () => ((await ready(anomaly!)) === 503 ? true : undefined), 500);
      await new Promise((r) => setTimeout(r, 3000));
      proxy.restore();
      await until('readiness 200 once Postgres is back', 90_000, async () => ((await ready(anomaly!)) === 200 ? true : undefined), 500);
      await publish(200, 50);

      const keysOf = async () => {
        const raised = (await collectEvents(env.bus, 'ANOMALY'))
          .filter((f) => f.event.type === 'anomaly.alert.raised' && f.event.data.ruleId === 'cash.variance')
          .map((f) => (f.event.type === 'anomaly.alert.raised' ? f.event.data.key : ''));
        const page = (await (await fetch(`${anomaly!.url}/anomalies?ruleId=cash.variance&limit=200`)).json()) as { items: { key: string }[] };
        return { raised, rows: page.items.map((i) => i.key) };
      };
      await until('every anomaly raised', 90_000, async () => {
        const { raised, rows } = await keysOf();
        return expected.every((k) => raised.includes(k) && rows.includes(k)) ? true : undefined;
      }, 1000);
      await new Promise((r) => setTimeout(r, 2000));
      const { raised, rows } = await keysOf();
      const r = lostAndDuplicated(expected, raised);
      const t = lostAndDuplicated(expected, rows);
      reportScenario('postgres-down', { in: expected.length, out: Math.min(r.out, t.out), lost: r.lost + t.lost, duplicated: r.duplicated + t.duplicated, extra: { events: 250 } });
      expect(r).toEqual({ out: expected.length, lost: 0, duplicated: 0 });
      expect(t).toEqual({ out: expected.length, lost: 0, duplicated: 0 });
    }, 300_000);
  });

  describe('the Bot API answering 502, then 429 with retry_after', () => {
    let env: TestEnvironment;
    let bot: LocalBotApi;
    let notification: RunningService | undefined;
    const CHAT = '555';

    beforeAll(async () => {
      env = await testEnvironment({ name: 'reliability-bot-down' });
      bot = await LocalBotApi.start();
      notification = await startNotification({
        ...env.env,
        HOST: '127.0.0.1',
        LOG_LEVEL: 'error',
        NOTIFICATION_PORT: '0',
        TELEGRAM_BOT_TOKEN: bot.token,
        TELEGRAM_API_ROOT: bot.apiRoot,
        TELEGRAM_ADMIN_CHAT_IDS: CHAT,
        TELEGRAM_POLL_TIMEOUT_SECONDS: '1',
        TELEGRAM_BREAKER_RESET_MS: '1000',
        NOTIFY_GROUP_WINDOW_MS: '0',
        NOTIFY_CHAT_INTERVAL_MS: '0',
      });
    }, 120_000);

    afterAll(async () => {
      await notification?.stop().catch(() => undefined);
      await bot?.stop();
      await env?.cleanup();
    }, 60_000);

    it('opens the breaker, obeys retry_after and delivers each alert once', async () => {
      const ALERTS = 12;
      const RETRY_AFTER_S = 2;
      const FAILURES = 4;
      // The delivery backs off between failures (about 10 s once the breaker is open): a few are a long outage already.
      bot.failNext(FAILURES, { status: 502, method: 'sendMessage' });
      bot.rateLimitNext(2, RETRY_AFTER_S, 'sendMessage');
      const publisher = new EventPublisher(env.bus);
      const expected: string[] = [];
      for (let n = 0; n < ALERTS; n++) {
        const registerId = `reg-bot-${n}`;
        expected.push(registerId);
        await publisher.publish(
          createEvent(
            'anomaly.alert.raised',
            {
              anomalyId: `anm-${randomToken(24)}`,
              ruleId: 'cash.variance',
              ruleVersion: 1,
              severity: 'warning',
              key: `sess-bot-${n}`,
              title: `Écart de caisse de -15,00 € sur la caisse ${registerId}`,
              summary: 'Session fermée avec 15,00 € manquant.',
              evidence: [],
              details: { registerId, sessionId: `sess-bot-${n}`, variance: -15, threshold: 10 },
              count: 1,
              firstSeenAt: '2026-11-30T07:00:00.000Z',
              lastSeenAt: '2026-11-30T07:00:00.000Z',
            },
            { source: 'anomaly', siteId: 'site-1', occurredAt: new Date(Date.parse('2026-11-30T07:00:00Z') + n * 1000) },
          ),
        );
      }
      let sawOpen = false;
      const delivered = () =>
        bot
          .calls('sendMessage')
          .filter((c) => c.status === 200 && String(c.params.chat_id) === CHAT)
          .flatMap((c) => [...new Set(String(c.params.text).match(/reg-bot-\d+/g) ?? [])]);
      const t0 = Date.now();
      await until('every alert delivered', 150_000, async () => {
        if (process.env.FUZZ_TRACE) process.stdout.write(`${Date.now() - t0} ${bot.calls().map((c) => `${c.method}:${c.status}`).filter((x) => !x.startsWith('getUpdates')).join(' ')}\n`);
        if ((await ready(notification!)) === 503) sawOpen = true;
        const got = new Set(delivered());
        return expected.every((r) => got.has(r)) ? true : undefined;
      }, 200);
      await new Promise((r) => setTimeout(r, 3000));

      const calls = bot.calls('sendMessage');
      const early: string[] = [];
      for (const [i, c] of calls.entries()) {
        if (c.status !== 429) continue;
        const next = calls[i + 1];
        const wait = next ? next.at.getTime() - c.at.getTime() : Infinity;
        if (wait < RETRY_AFTER_S * 1000 - 100) early.push(`next sendMessage ${wait} ms after a 429 with retry_after=${RETRY_AFTER_S}`);
      }
      const counted = lostAndDuplicated(expected, delivered());
      const failures = calls.filter((c) => c.status !== 200).length;
      reportScenario('bot-api-502-then-429', {
        in: expected.length,
        out: counted.out,
        lost: counted.lost,
        duplicated: counted.duplicated,
        extra: { failedCalls: failures, rateLimited: calls.filter((c) => c.status === 429).length, breakerOpened: sawOpen ? 1 : 0 },
      });
      expect(calls.filter((c) => c.status === 502).length).toBe(FAILURES);
      expect(calls.filter((c) => c.status === 429).length).toBe(2);
      expect(early).toEqual([]);
      expect(sawOpen).toBe(true);
      expect(counted).toEqual({ out: expected.length, lost: 0, duplicated: 0 });
      expect(await ready(notification!)).toBe(200);
    }, 300_000);
  });
});
