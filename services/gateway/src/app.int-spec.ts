import {
  createEvent,
  DURABLES,
  LIVE_NAMESPACE,
  type AnomalyAlert,
  type AnomalyEventType,
  type AnomalyListResponse,
  type AnomalyPush,
  type AnomalyView,
  type ClientToServerEvents,
  type LiveHandshakeAuth,
  type ServerToClientEvents,
} from '@vigie/contracts';
import type { RunningService } from '@vigie/health';
import { EventPublisher } from '@vigie/messaging';
import { testEnvironment, type TestEnvironment } from '@vigie/testing';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { io, type Socket } from 'socket.io-client';
import { startGateway } from './app';
import { authEnv, BOOTSTRAP, logIn } from './auth/int-spec-support';

type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

const T0 = Date.parse('2026-11-30T07:00:00.000Z');
let clock = 0;

function alert(
  type: AnomalyEventType,
  anomalyId: string,
  over: Partial<AnomalyAlert> = {},
  siteId = 'site-1',
) {
  clock += 1;
  return createEvent(
    type,
    {
      anomalyId,
      ruleId: 'cash.variance',
      ruleVersion: 1,
      severity: 'warning',
      key: 'register-1',
      title: 'Écart de caisse',
      summary: 'Caisse register-1 : écart de -23,40 €',
      evidence: [],
      details: {},
      ...over,
    },
    { source: 'anomaly', siteId, occurredAt: new Date(T0 + clock * 60_000) },
  );
}

async function until<T>(probe: () => Promise<T> | T, ok: (value: T) => boolean, what: string, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  let last: T;
  for (;;) {
    last = await probe();
    if (ok(last)) return last;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('gateway', () => {
  let env: TestEnvironment;
  let gateway: RunningService;
  let publisher: EventPublisher;
  let webDir: string;
  let gatewayEnv: Record<string, string>;
  let token: string;
  const sockets: ClientSocket[] = [];

  async function getJson<T>(route: string): Promise<{ status: number; body: T }> {
    const res = await fetch(gateway.url + route, { headers: { authorization: `Bearer ${token}` } });
    return { status: res.status, body: (await res.json()) as T };
  }

  const list = async (query = '') => (await getJson<AnomalyListResponse>(`/api/anomalies${query}`)).body;

  async function publish(event: ReturnType<typeof alert>): Promise<number> {
    const { seq, duplicate } = await publisher.publish(event);
    expect(duplicate).toBe(false);
    return seq;
  }

  /** Publishes and waits until the projection holds it. */
  async function project(event: ReturnType<typeof alert>): Promise<number> {
    const seq = await publish(event);
    await until(list, (l) => l.lastSeq >= seq, `seq ${seq} in the projection`);
    return seq;
  }

  async function connect(auth: Omit<LiveHandshakeAuth, 'token'> = {}) {
    const socket: ClientSocket = io(gateway.url + LIVE_NAMESPACE, {
      auth: { ...auth, token },
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
    });
    sockets.push(socket);
    const pushes: AnomalyPush[] = [];
    socket.on('anomaly', (p) => pushes.push(p));
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
    return { socket, pushes, seqs: () => pushes.map((p) => p.seq) };
  }

  beforeAll(async () => {
    env = await testEnvironment({ name: 'gateway-test' });
    publisher = new EventPublisher(env.bus);
    webDir = await mkdtemp(path.join(tmpdir(), 'vigie-gateway-web-'));
    await mkdir(path.join(webDir, 'assets'));
    await writeFile(path.join(webDir, 'index.html'), '<!doctype html><title>Vigie — Anomalies</title>');
    await writeFile(path.join(webDir, 'assets', 'index-abc.js'), 'export {}');
    gatewayEnv = { ...env.env, ...authEnv(), GATEWAY_PORT: '0', WEB_DIST: webDir, LOG_LEVEL: 'warn' };
    gateway = await startGateway(gatewayEnv);
    token = (await logIn(gateway.url, BOOTSTRAP.login, BOOTSTRAP.password)).token;
  });

  afterEach(() => {
    for (const s of sockets.splice(0)) s.close();
  });

  afterAll(async () => {
    await gateway?.stop();
    await env?.cleanup();
    if (webDir) await rm(webDir, { recursive: true, force: true });
  });

  it('projects a raised anomaly: listed by GET /api/anomalies and pushed live with its seq', async () => {
    const live = await connect();
    const seq = await publish(alert('anomaly.alert.raised', 'an-first', { severity: 'critical' }));

    await until(() => live.pushes.length, (n) => n > 0, 'the push');
    const [pushed] = live.pushes;
    expect(pushed).toMatchObject({ seq, eventType: 'anomaly.alert.raised' });
    const expected: AnomalyView = {
      anomalyId: 'an-first',
      ruleId: 'cash.variance',
      ruleVersion: 1,
      severity: 'critical',
      status: 'open',
      siteId: 'site-1',
      key: 'register-1',
      title: 'Écart de caisse',
      summary: 'Caisse register-1 : écart de -23,40 €',
      evidence: [],
      details: {},
      count: 1,
      raisedAt: pushed.anomaly.raisedAt,
      updatedAt: pushed.anomaly.raisedAt,
      seq,
    };
    expect(pushed.anomaly).toEqual(expected);

    const listed = await list();
    expect(listed).toEqual({ items: [expected], total: 1, lastSeq: seq });
    expect(await getJson(`/api/anomalies/an-first`)).toEqual({ status: 200, body: expected });
  });

  it('applies updated, acknowledged, silenced and resolved, one push each', async () => {
    const live = await connect();
    const raised = await project(alert('anomaly.alert.raised', 'an-life'));
    const updated = await project(alert('anomaly.alert.updated', 'an-life', { count: 3, severity: 'critical' }));
    const same = { count: 3, severity: 'critical' } as const;
    const acked = await project(alert('anomaly.alert.acknowledged', 'an-life', { ...same, by: 'principal-7' }));
    const silenced = await project(alert('anomaly.alert.silenced', 'an-life', same));
    const resolved = await project(alert('anomaly.alert.resolved', 'an-life', same));

    const { body } = await getJson<AnomalyView>('/api/anomalies/an-life');
    expect(body).toMatchObject({ status: 'resolved', count: 3, severity: 'critical', seq: resolved });
    expect(body.raisedAt).not.toBe(body.updatedAt);
    await until(() => live.pushes.length, (n) => n >= 5, 'five pushes');
    expect(live.pushes.map((p) => [p.seq, p.eventType, p.anomaly.status])).toEqual([
      [raised, 'anomaly.alert.raised', 'open'],
      [updated, 'anomaly.alert.updated', 'open'],
      [acked, 'anomaly.alert.acknowledged', 'acknowledged'],
      [silenced, 'anomaly.alert.silenced', 'silenced'],
      [resolved, 'anomaly.alert.resolved', 'resolved'],
    ]);
  });

  it('filters, pages and lists newest first; lastSeq is the projection max', async () => {
    await project(alert('anomaly.alert.raised', 'an-f1', { severity: 'info' }, 'site-f'));
    await project(alert('anomaly.alert.raised', 'an-f2', { severity: 'warning', ruleId: 'sync.stale' }, 'site-f'));
    const last = await project(alert('anomaly.alert.raised', 'an-f3', { severity: 'critical' }, 'site-f'));

    const ids = (l: AnomalyListResponse) => l.items.map((a) => a.anomalyId);
    const site = await list('?siteId=site-f');
    expect([ids(site), site.total, site.lastSeq]).toEqual([['an-f3', 'an-f2', 'an-f1'], 3, last]);
    expect(ids(await list('?siteId=site-f&severity=warning'))).toEqual(['an-f2']);
    expect(ids(await list('?ruleId=sync.stale'))).toEqual(['an-f2']);
    expect(ids(await list('?status=resolved'))).toEqual(['an-life']);
    const page = await list('?siteId=site-f&limit=1&offset=1');
    expect([ids(page), page.total]).toEqual([['an-f2'], 3]);
    expect((await list('?status=open')).items.every((a) => a.status === 'open')).toBe(true);
  });

  it.each([
    ['?limit=0', 'limit'],
    ['?limit=abc', 'limit'],
    ['?severity=loud', 'severity'],
    ['?status=closed', 'status'],
    ['?colour=red', 'colour'],
  ])('GET /api/anomalies%s → 400 validation.failed naming %s', async (query, field) => {
    const { status, body } = await getJson<{ error: { code: string; message: string } }>(`/api/anomalies${query}`);
    expect(status).toBe(400);
    expect(body.error.code).toBe('validation.failed');
    expect(body.error.message).toContain(field);
  });

  it('GET /api/anomalies/:id of an unknown anomaly → 404 anomaly.not-found', async () => {
    const { status, body } = await getJson<{ error: { code: string; message: string } }>('/api/anomalies/an-nope');
    expect(status).toBe(404);
    expect(body).toEqual({ error: { code: 'anomaly.not-found', message: expect.stringContaining('an-nope') } });
  });

  it('a client reconnecting with sinceSeq gets exactly the missed views in seq order, then live ones', async () => {
    const first = await connect();
    const seen = await project(alert('anomaly.alert.raised', 'an-r1', {}, 'site-r'));
    await until(() => first.seqs(), (s) => s.includes(seen), 'the first push');
    first.socket.close();

    const missedA = await project(alert('anomaly.alert.raised', 'an-r2', {}, 'site-r'));
    const missedB = await project(alert('anomaly.alert.updated', 'an-r1', { count: 2 }, 'site-r'));

    const again = await connect({ sinceSeq: seen });
    await until(() => again.pushes.length, (n) => n >= 2, 'the replay');
    const liveSeq = await publish(alert('anomaly.alert.raised', 'an-r3', {}, 'site-r'));
    await until(() => again.seqs(), (s) => s.includes(liveSeq), 'the live push');

    expect(again.pushes.map((p) => [p.seq, p.anomaly.anomalyId, p.eventType])).toEqual([
      [missedA, 'an-r2', 'anomaly.alert.raised'],
      [missedB, 'an-r1', 'anomaly.alert.updated'],
      [liveSeq, 'an-r3', 'anomaly.alert.raised'],
    ]);
  });

  it('anomalies:resume replays after sinceSeq and acks how many; a bad request is refused', async () => {
    const { lastSeq } = await list();
    const a = await project(alert('anomaly.alert.raised', 'an-s1'));
    const b = await project(alert('anomaly.alert.raised', 'an-s2'));
    const client = await connect();

    const reply = await client.socket.timeout(5000).emitWithAck('anomalies:resume', { sinceSeq: lastSeq });
    expect(reply).toEqual({ ok: true, replayed: 2, lastSeq: b });
    expect(client.seqs()).toEqual([a, b]);

    const bad = await client.socket.timeout(5000).emitWithAck('anomalies:resume', { sinceSeq: -1 });
    expect(bad).toMatchObject({ ok: false, code: 'validation.failed' });
  });

  it('refuses a handshake whose sinceSeq is not a sequence', async () => {
    await expect(connect({ sinceSeq: 'yesterday' as unknown as number })).rejects.toThrow(/sinceSeq/);
  });

  it('serves the dashboard at / with an SPA fallback, never over the API', async () => {
    const home = await fetch(gateway.url);
    expect(home.status).toBe(200);
    expect(await home.text()).toContain('<title>Vigie — Anomalies</title>');
    expect(await (await fetch(`${gateway.url}/anomalies/an-first`)).text()).toContain('<title>Vigie — Anomalies</title>');
    expect((await fetch(`${gateway.url}/assets/index-abc.js`)).status).toBe(200);
    const api = await getJson<{ error: { code: string } }>('/api/unknown');
    expect(api).toEqual({ status: 404, body: { error: expect.objectContaining({ code: 'not-found' }) } });
  });

  it('reports NATS, Postgres and the feed consumer on /health/ready', async () => {
    const { status, body } = await getJson<{ status: string; info: Record<string, { status: string }> }>('/health/ready');
    expect(status).toBe(200);
    expect(body.status).toBe('ok');
    expect(Object.keys(body.info)).toEqual(
      expect.arrayContaining([`consumer:${DURABLES.gatewayFeed}`, 'consumer:gateway-outbox-relay']),
    );
    expect(Object.values(body.info).every((c) => c.status === 'up')).toBe(true);
    expect(Object.keys(body.info).length).toBeGreaterThanOrEqual(3);
  });

  it('every event delivered twice (durable lost, gateway restarted) → same rows, no second push', async () => {
    const before = await list('?limit=500');
    await gateway.stop();
    const stream = env.bus.topo.streamName('ANOMALY');
    await env.bus.jsm.consumers.delete(stream, DURABLES.gatewayFeed);

    gateway = await startGateway({ ...gatewayEnv, WEB_DIST: path.join(webDir, 'missing') });
    const live = await connect();
    await until(
      () => env.bus.jsm.consumers.info(stream, DURABLES.gatewayFeed),
      (ci) => ci.delivered.stream_seq >= before.lastSeq && ci.num_ack_pending === 0,
      'the redelivery of the whole stream',
    );
    const marker = await publish(alert('anomaly.alert.raised', 'an-after-restart'));
    await until(() => live.seqs(), (s) => s.includes(marker), 'the marker push');

    expect(live.seqs()).toEqual([marker]);
    const after = await list('?limit=500');
    expect(after.items.filter((a) => a.anomalyId !== 'an-after-restart')).toEqual(before.items);
    expect(after.total).toBe(before.total + 1);

    const home = await fetch(gateway.url);
    expect(await home.text()).toContain('npm run build:web');
  });
});
