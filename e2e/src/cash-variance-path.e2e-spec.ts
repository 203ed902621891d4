import { startAnomaly } from '@vigie/anomaly';
import { startCash } from '@vigie/cash';
import { createHmac } from 'node:crypto';
import {
  eventSubject,
  LIVE_NAMESPACE,
  type AnomalyListResponse,
  type AnomalyPush,
  type AnyEvent,
} from '@vigie/contracts';
import { startGateway } from '@vigie/gateway';
import type { RunningService } from '@vigie/health';
import { startNotification } from '@vigie/notification';
import { collectEvents, LocalBotApi, testEnvironment, waitForEvent, type TestEnvironment } from '@vigie/testing';
import { io, type Socket } from 'socket.io-client';
import { ADMIN, gatewayAuthEnv, logIn, post, request, until } from './support';

const ADMIN_CHATS = ['111111', '222222'];

/** The walking skeleton: a register's shortfall reaches Telegram and the live feed, once. */
describe('cash variance: register → JetStream → anomaly → Telegram + dashboard feed', () => {
  let env: TestEnvironment;
  let bot: LocalBotApi;
  let services: RunningService[] = [];
  let cash: RunningService;
  let gateway: RunningService;
  let socket: Socket;
  let token: string;
  const pushes: AnomalyPush[] = [];

  beforeAll(async () => {
    env = await testEnvironment();
    bot = await LocalBotApi.start();
    const common = { ...env.env, LOG_LEVEL: 'warn' };
    // Sequential boots: each runs its migrations on the shared throwaway database.
    cash = await startCash({ ...common, CASH_PORT: '0' });
    const anomaly = await startAnomaly({ ...common, ANOMALY_PORT: '0' });
    const notification = await startNotification({
      ...common,
      NOTIFICATION_PORT: '0',
      TELEGRAM_BOT_TOKEN: bot.token,
      TELEGRAM_API_ROOT: bot.apiRoot,
      TELEGRAM_ADMIN_CHAT_IDS: ADMIN_CHATS.join(','),
      NOTIFY_GROUP_WINDOW_MS: '1000',
    });
    gateway = await startGateway({ ...common, ...gatewayAuthEnv(), GATEWAY_PORT: '0', ANOMALY_URL: anomaly.url });
    services = [cash, anomaly, notification, gateway];
    token = (await logIn(gateway.url)).token;
    socket = io(`${gateway.url}${LIVE_NAMESPACE}`, { auth: { sinceSeq: 0, token }, transports: ['websocket'] });
    socket.on('anomaly', (push: AnomalyPush) => pushes.push(push));
    await until('the Socket.IO connection', () => socket.connected);
  });

  afterAll(async () => {
    socket?.close();
    for (const s of services.reverse()) await s.stop();
    await bot?.stop();
    await env?.cleanup();
  });

  async function closeSession(registerId: string, shortfall: number) {
    const session = await post<{ sessionId: string }>(cash.url, '/sessions', {
      siteId: 'site-1',
      registerId,
      operatorId: 'op-7',
      openingAmount: 100,
    });
    await post(cash.url, `/sessions/${session.sessionId}/sales`, { amount: 20, paymentMethod: 'cash', itemCount: 2 });
    await post(cash.url, `/sessions/${session.sessionId}/sales`, { amount: 35.5, paymentMethod: 'card', itemCount: 1 });
    // expected cash = 100 + 20 (the card sale does not enter the drawer)
    const closed = await post(cash.url, `/sessions/${session.sessionId}/close`, {
      countedCash: 120 - shortfall,
      ...(shortfall ? { comment: 'fond de caisse recompté' } : {}),
    });
    expect(closed).toMatchObject({ expectedCash: 120, variance: -shortfall });
    const { event } = await waitForEvent(
      env.bus,
      'CASH',
      (e) => e.type === 'cash.session.closed' && e.data.sessionId === session.sessionId,
    );
    return event as AnyEvent & { type: 'cash.session.closed' };
  }

  const raisedFor = (closed: AnyEvent) => (e: AnyEvent) =>
    e.type === 'anomaly.alert.raised' && e.data.evidence.some((ev) => ev.eventId === closed.id);

  async function raisedCount(closed: AnyEvent) {
    return (await collectEvents(env.bus, 'ANOMALY')).filter((r) => r.event && raisedFor(closed)(r.event)).length;
  }

  it('a 15.00 € shortfall raises one anomaly, one Telegram message per admin chat and one live push', async () => {
    const closed = await closeSession('caisse-1', 15);
    const { event: raised } = await waitForEvent(env.bus, 'ANOMALY', raisedFor(closed));
    expect(raised.type === 'anomaly.alert.raised' && raised.data).toMatchObject({ ruleId: 'cash.variance', severity: 'warning' });
    const anomalyId = raised.type === 'anomaly.alert.raised' ? raised.data.anomalyId : '';

    const sends = await bot.waitForCalls('sendMessage', ADMIN_CHATS.length, 15000);
    expect(sends.map((c) => String(c.params.chat_id)).sort()).toEqual(ADMIN_CHATS);
    for (const call of sends) {
      expect(call.params.parse_mode).toBe('HTML');
      expect(String(call.params.text)).toContain('15,00');
      expect(String(call.params.text)).not.toContain('op-7');
    }

    await until('the live push', () => pushes.some((p) => p.anomaly.anomalyId === anomalyId));
    const push = pushes.find((p) => p.anomaly.anomalyId === anomalyId)!;
    expect(push.seq).toBeGreaterThan(0);
    expect(push.anomaly).toMatchObject({ ruleId: 'cash.variance', severity: 'warning', status: 'open' });

    const refused = await request(gateway.url, 'GET', '/api/anomalies');
    expect(refused.status).toBe(401);
    const list = await request<AnomalyListResponse>(gateway.url, 'GET', '/api/anomalies', { token });
    expect(list.body.items.map((a) => a.anomalyId)).toContain(anomalyId);

    // Redeliver the same CASH event (same bytes, another Nats-Msg-Id): nothing new anywhere.
    await env.bus.js.publish(eventSubject(env.bus.topo, closed), JSON.stringify(closed), { msgID: `redelivery-${closed.id}` });
    const sentinel = await closeSession('caisse-2', 20);
    await waitForEvent(env.bus, 'ANOMALY', raisedFor(sentinel));
    await bot.waitForCalls('sendMessage', ADMIN_CHATS.length * 2, 15000);
    await until('the sentinel push', () => pushes.some((p) => p.anomaly.key === sentinel.data.sessionId));
    expect(await raisedCount(closed)).toBe(1);
    expect(bot.calls('sendMessage')).toHaveLength(ADMIN_CHATS.length * 2);
    expect(pushes.filter((p) => p.anomaly.anomalyId === anomalyId)).toHaveLength(1);
  });

  it('a 10.00 € shortfall raises nothing; 50.01 € raises a critical anomaly', async () => {
    const tolerated = await closeSession('caisse-3', 10);
    const critical = await closeSession('caisse-4', 50.01);
    const { event } = await waitForEvent(env.bus, 'ANOMALY', raisedFor(critical));
    expect(event.type === 'anomaly.alert.raised' && event.data.severity).toBe('critical');
    expect(await raisedCount(tolerated)).toBe(0);
    await until('the critical push', () => pushes.some((p) => p.anomaly.key === critical.data.sessionId));
    expect(pushes.find((p) => p.anomaly.key === critical.data.sessionId)!.anomaly.severity).toBe('critical');
  });

  it('an admin acknowledges through the gateway: the anomaly service records the principal, every dashboard sees it live', async () => {
    const closed = await closeSession('caisse-5', 30);
    const { event: raised } = await waitForEvent(env.bus, 'ANOMALY', raisedFor(closed));
    const anomalyId = raised.type === 'anomaly.alert.raised' ? raised.data.anomalyId : '';
    await until('the raised push', () => pushes.some((p) => p.anomaly.anomalyId === anomalyId));

    const res = await request(gateway.url, 'POST', `/api/anomalies/${anomalyId}/acknowledge`, {
      token,
      body: { reason: 'recompté avec la bénévole' },
    });
    expect(res).toEqual({ status: 200, body: { anomalyId, status: 'acknowledged' } });

    const principal = `p-${createHmac('sha256', gatewayAuthEnv().AUTH_SECRET).update(ADMIN.login).digest('hex').slice(0, 24)}`;
    const { event: acked } = await waitForEvent(
      env.bus,
      'ANOMALY',
      (e) => e.type === 'anomaly.alert.acknowledged' && e.data.anomalyId === anomalyId,
    );
    expect(acked.data).toMatchObject({ by: principal, reason: 'recompté avec la bénévole' });
    expect(JSON.stringify(acked)).not.toContain(ADMIN.login);
    await until('the acknowledged push', () =>
      pushes.some((p) => p.anomaly.anomalyId === anomalyId && p.anomaly.status === 'acknowledged'),
    );

    const again = await request(gateway.url, 'POST', `/api/anomalies/${anomalyId}/resolve`, { token, body: {} });
    expect(again).toEqual({ status: 200, body: { anomalyId, status: 'resolved' } });
    const late = await request<{ error: { code: string } }>(gateway.url, 'POST', `/api/anomalies/${anomalyId}/silence`, {
      token,
      body: { durationMinutes: 60 },
    });
    expect([late.status, late.body.error.code]).toEqual([409, 'anomaly.already-resolved']);
    const unknown = await request<{ error: { code: string } }>(gateway.url, 'POST', '/api/anomalies/anm-nope/acknowledge', {
      token,
      body: {},
    });
    expect([unknown.status, unknown.body.error.code]).toEqual([404, 'anomaly.not-found']);
  });
});
