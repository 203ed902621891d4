// @vitest-environment node
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { Server, type Socket as ServerSocket } from 'socket.io';
import type { AnomalyListResponse, LiveHandshakeAuth } from '@vigie/contracts';
import { LIVE_NAMESPACE } from '@vigie/contracts/socket';
import { startFeed } from './feed';
import type { LiveSocket } from './live';
import { useAnomaliesStore } from './stores/anomalies';
import { push, view } from './test-fixtures';

/** A stand-in gateway made of a real HTTP server and a real Socket.IO server. */
function fakeGateway(list: AnomalyListResponse | 500) {
  const handshakes: LiveHandshakeAuth[] = [];
  const sockets: ServerSocket[] = [];
  const http: HttpServer = createServer((req, res) => {
    if (req.url?.startsWith('/api/anomalies') && list !== 500) {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(list));
    } else {
      res.writeHead(500).end();
    }
  });
  const io = new Server(http);
  io.of(LIVE_NAMESPACE).on('connection', (socket) => {
    handshakes.push(socket.handshake.auth as LiveHandshakeAuth);
    sockets.push(socket);
  });
  return {
    handshakes,
    sockets,
    io,
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
  let client: LiveSocket | undefined;

  beforeEach(() => setActivePinia(createPinia()));
  afterEach(async () => {
    client?.close();
    await gateway.close();
  });

  it('loads the list, connects from its lastSeq, applies pushes and resumes from the last seq seen', async () => {
    gateway = fakeGateway({ items: [view({ anomalyId: 'a', seq: 4 })], total: 1, lastSeq: 6 });
    const origin = await gateway.listen();
    const store = useAnomaliesStore();

    client = await startFeed(store, origin);
    await until(() => store.live === 'live', 'the first connection');
    expect(gateway.handshakes).toEqual([{ sinceSeq: 6 }]);
    expect(store.items.map((a) => a.anomalyId)).toEqual(['a']);

    gateway.sockets[0].emit('anomaly', push(view({ anomalyId: 'b', seq: 9, raisedAt: '2026-11-30T10:00:00Z' })));
    await until(() => store.lastSeq === 9, 'the push');
    expect(store.items.map((a) => a.anomalyId)).toEqual(['b', 'a']);

    gateway.sockets[0].conn.close();
    await until(() => store.live === 'reconnecting', 'the disconnection');
    await until(() => gateway.handshakes.length === 2 && store.live === 'live', 'the reconnection', 10000);
    expect(gateway.handshakes[1]).toEqual({ sinceSeq: 9 });
  });

  it('comes back after the gateway closed the socket, resuming from the last seq seen', async () => {
    gateway = fakeGateway({ items: [], total: 0, lastSeq: 3 });
    const origin = await gateway.listen();
    const store = useAnomaliesStore();

    client = await startFeed(store, origin);
    await until(() => store.live === 'live', 'the first connection');
    gateway.sockets[0].emit('anomaly', push(view({ anomalyId: 'c', seq: 5 })));
    await until(() => store.lastSeq === 5, 'the push');

    gateway.sockets[0].disconnect(true);
    await until(() => store.live === 'reconnecting', 'the disconnection');
    await until(() => gateway.handshakes.length === 2 && store.live === 'live', 'the reconnection', 10000);
    expect(gateway.handshakes).toEqual([{ sinceSeq: 3 }, { sinceSeq: 5 }]);
  });

  it('still follows the live feed from 0 when the list cannot be loaded', async () => {
    gateway = fakeGateway(500);
    const origin = await gateway.listen();
    const store = useAnomaliesStore();

    client = await startFeed(store, origin);
    expect(store.loaded).toBe(true);
    expect(store.loadError).toMatch(/Impossible de charger/);
    await until(() => gateway.handshakes.length === 1, 'the connection');
    expect(gateway.handshakes[0]).toEqual({ sinceSeq: 0 });
  });
});
