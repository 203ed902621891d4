import { createEvent, LIVE_NAMESPACE, type AnyEvent, type HealthChange, type HealthOverview, type LoginResponse, type PipelineMetrics } from '@vigie/contracts';
import type { RunningService } from '@vigie/health';
import { EventPublisher } from '@vigie/messaging';
import { testEnvironment, type TestEnvironment } from '@vigie/testing';
import { io, type Socket } from 'socket.io-client';
import { startGateway } from '../app';
import { authEnv, BOOTSTRAP, call, logIn } from '../auth/int-spec-support';
import { UpstreamStub } from '../upstream/int-spec-support';
import { ServiceHealthProjection } from './service-health.projection';

const HOUR = 3_600_000;

async function until<T>(what: string, read: () => Promise<T> | T, ok: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('service health: the OPS projection behind /api/health, health pushes, JetStream samples', () => {
  let env: TestEnvironment;
  let gateway: RunningService;
  let publisher: EventPublisher;
  let admin: LoginResponse;
  const monitor = new UpstreamStub();
  const sockets: Socket[] = [];
  const now = Date.now();

  const probe = (target: string, ok: boolean, agoMs: number) =>
    createEvent(
      'ops.probe.completed',
      { target, ok, latencyMs: ok ? 12 : 2000, ...(ok ? { status: 200 } : { error: 'timeout: no answer within 2000 ms' }) },
      { source: 'monitor', siteId: 'global', occurredAt: new Date(now - agoMs) },
    );
  const heartbeat = (service: string, agoMs: number, version = '0.1.0') =>
    createEvent(
      'ops.heartbeat.emitted',
      { service, instanceId: `${service}-1`, version, startedAt: new Date(now - 10 * HOUR).toISOString() },
      { source: service, siteId: 'global', occurredAt: new Date(now - agoMs) },
    );
  const health = async () => (await call<HealthOverview>(gateway.url, 'GET', '/api/health', { token: admin.token })).body;
  const serviceOf = async (name: string) => (await health()).services.find((s) => s.name === name);

  function connect(): { socket: Socket; health: HealthChange[]; metrics: PipelineMetrics[] } {
    const socket = io(gateway.url + LIVE_NAMESPACE, { auth: { token: admin.token }, transports: ['websocket'], forceNew: true });
    sockets.push(socket);
    const received = { socket, health: [] as HealthChange[], metrics: [] as PipelineMetrics[] };
    socket.on('health', (c: HealthChange) => received.health.push(c));
    socket.on('metrics', (m: PipelineMetrics) => received.metrics.push(m));
    return received;
  }

  beforeAll(async () => {
    env = await testEnvironment({ name: 'health-test' });
    publisher = new EventPublisher(env.bus);
    await monitor.start();
    monitor.fallback = (_req, res) => void res.writeHead(503).end();
    // History before the gateway starts: its durable reads OPS from the first event.
    const history: AnyEvent[] = [
      probe('cash', true, 30 * HOUR),
      probe('cash', false, 30 * HOUR - 1000),
      probe('cash', true, 3 * HOUR),
      probe('cash', true, 2 * HOUR),
      probe('cash', true, HOUR),
      probe('cash', false, 60_000),
      probe('sync', true, 9 * 24 * HOUR),
      heartbeat('cash', 5 * 60_000, '0.1.0'),
      heartbeat('cash', 20_000, '0.1.1'),
      heartbeat('cash', 60_000, '0.1.0'),
      createEvent('ops.tick.emitted', {}, { source: 'monitor', siteId: 'global' }),
    ];
    for (const event of history) await publisher.publish(event);
    gateway = await startGateway({
      ...env.env,
      ...authEnv(),
      GATEWAY_PORT: '0',
      LOG_LEVEL: 'error',
      MONITOR_URL: monitor.url,
      UPSTREAM_TIMEOUT_MS: '300',
      METRICS_SAMPLE_INTERVAL_MS: '200',
    });
    admin = await logIn(gateway.url, BOOTSTRAP.login, BOOTSTRAP.password);
  });

  afterAll(async () => {
    for (const s of sockets) s.close();
    await gateway?.stop();
    await monitor.stop();
    await env?.cleanup();
  });

  it('uptime over 24 h and 7 d from hourly probe counts, the last heartbeat by event time', async () => {
    const cash = await until('the OPS history projected', () => serviceOf('cash'), (s) => s?.probes7d === 6);
    expect(cash).toMatchObject({
      probes24h: 4,
      uptime24h: 0.75,
      probes7d: 6,
      uptime7d: 4 / 6,
      lastHeartbeatAt: new Date(now - 20_000).toISOString(),
      version: '0.1.1',
    });
    const sync = await serviceOf('sync');
    expect([sync?.probes7d, sync?.uptime7d]).toEqual([0, null]);
  });

  it('without the monitor, the state comes from the last probe projected', async () => {
    const overview = await health();
    expect(overview.monitorAvailable).toBe(false);
    expect(overview.services.find((s) => s.name === 'cash')).toMatchObject({
      up: false,
      lastCheckedAt: new Date(now - 60_000).toISOString(),
      failingSince: new Date(now - 60_000).toISOString(),
      lastError: 'timeout: no answer within 2000 ms',
    });
  });

  it('a redelivered OPS event changes nothing', async () => {
    const projection = gateway.app.get(ServiceHealthProjection);
    const event = probe('cash', true, 0);
    const { seq } = await publisher.publish(event);
    await until('the probe projected', () => serviceOf('cash'), (s) => s?.probes7d === 7);
    expect(await projection.apply([{ event, seq }])).toEqual({ applied: 0, changes: [] });
    expect(await projection.apply([{ event, seq: seq - 1 }, { event, seq }])).toEqual({ applied: 0, changes: [] });
    expect((await serviceOf('cash'))?.probes7d).toBe(7);
  });

  it('pushes a health change to live dashboards when a service goes down or comes back, not on every probe', async () => {
    const live = connect();
    await until('the connection', () => live.socket.connected, Boolean);
    await publisher.publish(probe('anomaly', true, 0));
    await publisher.publish(probe('anomaly', true, 0));
    await publisher.publish(probe('anomaly', false, 0));
    await publisher.publish(probe('anomaly', false, 0));
    await publisher.publish(probe('anomaly', true, 0));
    await until('three changes', () => live.health.filter((c) => c.service === 'anomaly'), (c) => c.length >= 3);
    await new Promise((r) => setTimeout(r, 200));
    expect(live.health.filter((c) => c.service === 'anomaly').map((c) => [c.up, c.error])).toEqual([
      [true, null],
      [false, 'timeout: no answer within 2000 ms'],
      [true, null],
    ]);
  });

  it("samples JetStream: every stream, the gateway's own durables, events per minute, pushed live", async () => {
    const live = connect();
    const pushed = await until('a metrics push', () => live.metrics, (m) => m.length > 0);
    expect(pushed[0].sampleIntervalMs).toBe(200);
    const res = await call<PipelineMetrics>(gateway.url, 'GET', '/api/metrics/pipeline', { token: admin.token });
    expect(res.status).toBe(200);
    expect(res.body.streams.map((s) => s.stream)).toEqual(['CASH', 'SYNC', 'AI', 'AUTH', 'OPS', 'ANOMALY', 'NOTIFY', 'REPORT', 'DEADLETTER']);
    expect(res.body.streams.find((s) => s.stream === 'OPS')?.lastSeq).toBeGreaterThanOrEqual(17);
    expect(res.body.consumers).toEqual(
      expect.arrayContaining([
        { stream: 'ANOMALY', durable: 'gateway-feed', pending: 0, ackPending: 0 },
        { stream: 'OPS', durable: 'gateway-health', pending: 0, ackPending: 0 },
      ]),
    );
    expect(Array.isArray(res.body.eventsPerMinute)).toBe(true);
  });
});
