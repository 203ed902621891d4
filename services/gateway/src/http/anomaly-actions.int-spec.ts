import {
  createEvent,
  LIVE_NAMESPACE,
  type AnomalyActionResponse,
  type AnomalyPush,
  type LoginResponse,
} from '@vigie/contracts';
import type { RunningService } from '@vigie/health';
import { EventPublisher } from '@vigie/messaging';
import { testEnvironment, type TestEnvironment } from '@vigie/testing';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { io, type Socket } from 'socket.io-client';
import { startGateway } from '../app';
import { authEnv, BOOTSTRAP, call, logIn, TEST_AUTH_SECRET } from '../auth/int-spec-support';
import { Principals } from '../auth/principal';

interface ErrorBody {
  error: { code: string; message: string };
}

interface Received {
  method: string;
  url: string;
  body: unknown;
}

type Reply = (req: Received, res: ServerResponse) => void | Promise<void>;

/** A local stand-in for the anomaly service's command endpoints: records requests, answers as told. */
class AnomalyServiceStub {
  readonly received: Received[] = [];
  reply: Reply = (_req, res) => json(res, 500, { error: { code: 'internal', message: 'internal error' } });
  private server!: Server;

  async start(): Promise<string> {
    this.server = createServer((req: IncomingMessage, res) => {
      let text = '';
      req.on('data', (c) => (text += c));
      req.on('end', () => {
        const received = { method: req.method ?? '', url: req.url ?? '', body: text ? JSON.parse(text) : undefined };
        this.received.push(received);
        void this.reply(received, res);
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  stop(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

const alert = (anomalyId: string) => ({
  anomalyId,
  ruleId: 'cash.variance',
  ruleVersion: 1,
  severity: 'warning' as const,
  key: 'register-1',
  title: 'Écart de caisse',
  summary: 'Caisse register-1 : écart de -23,40 €',
  evidence: [],
  details: {},
});

describe('POST /api/anomalies/:id/acknowledge|silence|resolve → the anomaly service', () => {
  let env: TestEnvironment;
  let gateway: RunningService;
  let stub: AnomalyServiceStub;
  let admin: LoginResponse;
  const sockets: Socket[] = [];
  const principal = new Principals(TEST_AUTH_SECRET).of(BOOTSTRAP.login);

  const act = <T = AnomalyActionResponse>(id: string, action: string, body: unknown, base = gateway.url) =>
    call<T>(base, 'POST', `/api/anomalies/${id}/${action}`, { token: admin.token, body });

  beforeAll(async () => {
    env = await testEnvironment({ name: 'actions-test' });
    stub = new AnomalyServiceStub();
    const url = await stub.start();
    gateway = await startGateway({ ...env.env, ...authEnv(), GATEWAY_PORT: '0', LOG_LEVEL: 'error', ANOMALY_URL: url, ANOMALY_TIMEOUT_MS: '300' });
    admin = await logIn(gateway.url, BOOTSTRAP.login, BOOTSTRAP.password);
  });

  afterEach(() => {
    stub.received.length = 0;
    for (const s of sockets.splice(0)) s.close();
  });

  afterAll(async () => {
    await gateway?.stop();
    await stub?.stop();
    await env?.cleanup();
  });

  it.each([
    ['acknowledge', {}, 'acknowledged', {}],
    ['acknowledge', { reason: 'vu avec la caisse' }, 'acknowledged', { reason: 'vu avec la caisse' }],
    ['silence', { durationMinutes: 60 }, 'silenced', { durationMinutes: 60 }],
    ['silence', { durationMinutes: 1440, reason: 'travaux' }, 'silenced', { durationMinutes: 1440, reason: 'travaux' }],
    ['resolve', {}, 'resolved', {}],
  ])('%s %j → the command with by = the admin principal, its answer relayed', async (action, body, status, sent) => {
    stub.reply = (req, res) => json(res, 200, { ...alert('anm-1'), status, count: 1, extra: 'ignored' });
    const res = await act('anm-1', action, body);
    expect(res).toMatchObject({ status: 200, body: { anomalyId: 'anm-1', status } });
    expect(res.body).toEqual({ anomalyId: 'anm-1', status });
    expect(stub.received).toEqual([{ method: 'POST', url: `/anomalies/anm-1/${action}`, body: { ...sent, by: principal } }]);
    expect(JSON.stringify(stub.received)).not.toContain(BOOTSTRAP.login);
  });

  it.each([
    ['acknowledge', { by: 'someone-else' }, 'by'],
    ['silence', {}, 'durationMinutes'],
    ['silence', { durationMinutes: 0 }, 'durationMinutes'],
    ['resolve', { reason: 'x'.repeat(501) }, 'reason'],
  ])('%s %j → 400 naming %s, nothing sent upstream', async (action, body, field) => {
    const res = await act<ErrorBody>('anm-1', action, body);
    expect([res.status, res.body.error.code]).toEqual([400, 'validation.failed']);
    expect(res.body.error.message).toContain(field);
    expect(stub.received).toEqual([]);
  });

  it('an id that is not an anomaly id never reaches the upstream URL', async () => {
    const res = await act<ErrorBody>('anm%2F..%2Frules', 'acknowledge', {});
    expect([res.status, res.body.error.code]).toEqual([400, 'validation.failed']);
    expect(stub.received).toEqual([]);
  });

  it.each([
    [404, 'anomaly.not-found', 'no anomaly anm-x'],
    [409, 'anomaly.already-resolved', 'anomaly anm-x is already resolved'],
    [400, 'validation.failed', 'invalid body: durationMinutes: too big'],
  ])('its %d %s is relayed as is', async (status, code, message) => {
    stub.reply = (_req, res) => json(res, status, { error: { code, message } });
    const res = await act<ErrorBody>('anm-x', 'acknowledge', {});
    expect(res).toMatchObject({ status, body: { error: { code, message } } });
  });

  it.each([
    ['a 500', (_req: Received, res: ServerResponse) => json(res, 500, { error: { code: 'internal', message: 'boom' } })],
    ['a 503 without JSON', (_req: Received, res: ServerResponse) => void res.writeHead(503).end('down')],
    ['an answer that is not an anomaly', (_req: Received, res: ServerResponse) => json(res, 200, { ok: true })],
    ['no answer within ANOMALY_TIMEOUT_MS', () => undefined],
  ])('%s → 502 upstream.unavailable', async (_what, reply) => {
    stub.reply = reply;
    const res = await act<ErrorBody>('anm-2', 'resolve', {});
    expect([res.status, res.body.error.code]).toEqual([502, 'upstream.unavailable']);
    expect(res.body.error.message).not.toContain('boom');
  });

  it('a stopped anomaly service → 502 upstream.unavailable', async () => {
    const other = new AnomalyServiceStub();
    const url = await other.start();
    await other.stop();
    const down = await startGateway({ ...env.env, ...authEnv(), GATEWAY_PORT: '0', LOG_LEVEL: 'error', ANOMALY_URL: url });
    try {
      const token = (await logIn(down.url, BOOTSTRAP.login, BOOTSTRAP.password)).token;
      const res = await call<ErrorBody>(down.url, 'POST', '/api/anomalies/anm-3/acknowledge', { token, body: {} });
      expect(res).toMatchObject({ status: 502, body: { error: { code: 'upstream.unavailable' } } });
    } finally {
      await down.stop();
    }
  });

  it('the transition the anomaly service publishes reaches the projection and the live feed', async () => {
    const publisher = new EventPublisher(env.bus);
    const raised = await publisher.publish(createEvent('anomaly.alert.raised', alert('anm-live'), { source: 'anomaly', siteId: 'site-1' }));
    stub.reply = async (req, res) => {
      const by = (req.body as { by: string }).by;
      await publisher.publish(
        createEvent('anomaly.alert.acknowledged', { ...alert('anm-live'), by }, { source: 'anomaly', siteId: 'site-1' }),
      );
      json(res, 200, { ...alert('anm-live'), status: 'acknowledged' });
    };
    const pushes: AnomalyPush[] = [];
    const socket = io(gateway.url + LIVE_NAMESPACE, {
      auth: { token: admin.token, sinceSeq: raised.seq - 1 },
      transports: ['websocket'],
      forceNew: true,
    });
    sockets.push(socket);
    socket.on('anomaly', (p) => pushes.push(p));
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));

    expect((await act('anm-live', 'acknowledge', {})).status).toBe(200);
    const end = Date.now() + 10_000;
    while (!pushes.some((p) => p.anomaly.status === 'acknowledged') && Date.now() < end) await new Promise((r) => setTimeout(r, 25));
    expect(pushes.filter((p) => p.anomaly.anomalyId === 'anm-live').map((p) => [p.eventType, p.anomaly.status])).toEqual([
      ['anomaly.alert.raised', 'open'],
      ['anomaly.alert.acknowledged', 'acknowledged'],
    ]);
    const view = await call<{ status: string }>(gateway.url, 'GET', '/api/anomalies/anm-live', { token: admin.token });
    expect(view.body.status).toBe('acknowledged');
  });
});
