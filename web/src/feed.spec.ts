// @vitest-environment node
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { Server, type Socket as ServerSocket } from 'socket.io';
import type { AnomalyListResponse, LiveHandshakeAuth } from '@vigie/contracts';
import { LIVE_NAMESPACE } from '@vigie/contracts/socket';
import { startFeed } from './feed';
import { t } from './i18n';
import type { LiveConnection } from './live';
import { useAnomaliesStore } from './stores/anomalies';
import { useSessionStore } from './stores/session';
import { loginResponse, push, view } from './test-fixtures';

/** A stand-in gateway made of a real HTTP server and a real Socket.IO server that check tokens. */
function fakeGateway(list: AnomalyListResponse | 500) {
  const validTokens = new Set(['token-1']);
  const handshakes: LiveHandshakeAuth[] = [];
  const listAuth: (string | undefined)[] = [];
  const sockets: ServerSocket[] = [];
  const http: HttpServer = createServer((req, res) => {
    listAuth.push(req.headers.authorization);
    const token = req.headers.authorization?.replace(/^Bearer /, '') ?? '';
    if (!validTokens.has(token)) {
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { code: 'auth.unauthorized', message: 'no' } }));
    } else if (req.url?.startsWith('/api/anomalies') && list !== 500) {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(list));
    } else {
      res.writeHead(500).end();
    }
  });
  const io = new Server(http);
  const live = io.of(LIVE_NAMESPACE);
  live.use((socket, next) => {
    const auth = socket.handshake.auth as LiveHandshakeAuth;
    handshakes.push(auth);
    if (auth.token && validTokens.has(auth.token)) return next();
    next(Object.assign(new Error('auth.unauthorized: no'), { data: { code: 'auth.unauthorized' } }));
  });
  live.on('connection', (socket) => sockets.push(socket));
  return {
    validTokens,
    handshakes,
    listAuth,
    sockets,
    async listen(): Promise<string> {
      await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
      return `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
    },
    close: () => new Promise<void>((resolve) => io.close(() => resolve())),
  };
}

async function until(check: () => boolean, what: string, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('startFeed', () => {
  let gateway: ReturnType<typeof fakeGateway>;
  let client: LiveConnection | undefined;

  beforeEach(() => setActivePinia(createPinia()));
  afterEach(async () => {
    client?.close();
    useSessionStore().logOut();
    await gateway.close();
  });

  async function loggedIn(list: AnomalyListResponse | 500) {
    gateway = fakeGateway(list);
    const session = useSessionStore();
    session.origin = await gateway.listen();
    session.adopt(loginResponse('token-1'));
    return { session, store: useAnomaliesStore() };
  }

  it('loads the list with the token, connects with it from the list lastSeq, applies pushes, resumes from the last seq', async () => {
    const { session, store } = await loggedIn({ items: [view({ anomalyId: 'a', seq: 4 })], total: 1, lastSeq: 6 });

    client = await startFeed(store, session);
    await until(() => store.live === 'live', 'the first connection');
    expect(gateway.listAuth).toEqual(['Bearer token-1']);
    expect(gateway.handshakes).toEqual([{ sinceSeq: 6, token: 'token-1' }]);
    expect(store.items.map((a) => a.anomalyId)).toEqual(['a']);

    gateway.sockets[0].emit('anomaly', push(view({ anomalyId: 'b', seq: 9, raisedAt: '2026-11-30T10:00:00Z' })));
    await until(() => store.lastSeq === 9, 'the push');
    expect(store.items.map((a) => a.anomalyId)).toEqual(['b', 'a']);

    gateway.sockets[0].conn.close();
    await until(() => store.live === 'reconnecting', 'the disconnection');
    await until(() => gateway.handshakes.length === 2 && store.live === 'live', 'the reconnection', 10000);
    expect(gateway.handshakes[1]).toEqual({ sinceSeq: 9, token: 'token-1' });
  });

  it('after the gateway closes the socket at token expiry, reconnects with the renewed token from the last seq', async () => {
    const { session, store } = await loggedIn({ items: [], total: 0, lastSeq: 3 });

    client = await startFeed(store, session);
    await until(() => store.live === 'live', 'the first connection');
    gateway.sockets[0].emit('anomaly', push(view({ anomalyId: 'c', seq: 5 })));
    await until(() => store.lastSeq === 5, 'the push');

    gateway.validTokens.add('token-2');
    session.adopt(loginResponse('token-2'));
    gateway.validTokens.delete('token-1');
    gateway.sockets[0].disconnect(true);
    await until(() => store.live === 'reconnecting', 'the disconnection');
    await until(() => gateway.handshakes.length === 2 && store.live === 'live', 'the reconnection', 10000);
    expect(gateway.handshakes).toEqual([
      { sinceSeq: 3, token: 'token-1' },
      { sinceSeq: 5, token: 'token-2' },
    ]);
    expect(session.authenticated).toBe(true);
  });

  it('hands health changes and JetStream samples to their listeners, and says when it reconnected', async () => {
    const { session, store } = await loggedIn({ items: [], total: 0, lastSeq: 0 });
    const health: unknown[] = [];
    const metrics: unknown[] = [];
    let reconnections = 0;
    client = await startFeed(store, session, {
      health: (c) => health.push(c),
      metrics: (m) => metrics.push(m),
      reconnected: () => reconnections++,
    });
    await until(() => store.live === 'live', 'the first connection');
    expect(reconnections).toBe(0);
    const change = { service: 'cash', up: false, at: '2026-11-30T08:00:00.000Z', latencyMs: 2000, error: 'timeout' };
    const sample = { sampledAt: '2026-11-30T08:00:00.000Z', sampleIntervalMs: 10000, eventsPerMinute: [], streams: [], consumers: [] };
    gateway.sockets[0].emit('health', change);
    gateway.sockets[0].emit('metrics', sample);
    await until(() => health.length === 1 && metrics.length === 1, 'the pushes');
    expect([health, metrics]).toEqual([[change], [sample]]);

    gateway.sockets[0].conn.close();
    await until(() => reconnections === 1 && store.live === 'live', 'the reconnection', 10000);
  });

  it('still follows the live feed from 0 when the list cannot be loaded', async () => {
    const { session, store } = await loggedIn(500);

    client = await startFeed(store, session);
    expect(store.loaded).toBe(true);
    expect(store.loadError).toMatch(/Impossible de charger/);
    await until(() => gateway.handshakes.length === 1, 'the connection');
    expect(gateway.handshakes[0]).toEqual({ sinceSeq: 0, token: 'token-1' });
  });

  it('a token the gateway refuses ends the session: no retry, back to the login page with a notice', async () => {
    const { session, store } = await loggedIn({ items: [], total: 0, lastSeq: 0 });
    gateway.validTokens.clear();

    client = await startFeed(store, session);
    await until(() => !session.authenticated, 'the end of the session');
    expect(session.notice && t(session.notice)).toBe('Votre session a expiré : reconnectez-vous.');
    await new Promise((r) => setTimeout(r, 2500));
    expect(gateway.handshakes.length).toBeLessThanOrEqual(1);
  });

  it('once closed (logout), a pending reconnection does not happen', async () => {
    const { session, store } = await loggedIn({ items: [], total: 0, lastSeq: 0 });
    client = await startFeed(store, session);
    await until(() => store.live === 'live', 'the connection');

    gateway.sockets[0].disconnect(true);
    await until(() => store.live === 'reconnecting', 'the disconnection');
    client.close();
    await new Promise((r) => setTimeout(r, 2500));
    expect(gateway.handshakes).toHaveLength(1);
  });
});
