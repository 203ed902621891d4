import type { AnyEvent, Envelope } from '@vigie/contracts';
import type { RunningService } from '@vigie/health';
import { collectEvents, LocalBotApi, testEnvironment, waitForEvent, type TestEnvironment } from '@vigie/testing';
import { startMonitor } from './app';
import { RECOVERY_TEXT } from './domain/fallback';
import type { TargetStatus } from './domain/target-status';
import { FakeService, SECRET_IN_CHECK_MESSAGE } from './test-support/fake-service';

const PROBE_MS = 200;
const TICK_MS = 300;
const FALLBACK_AFTER_MS = 1500;
const CHATS = ['4242', '-1009999'];

type Probe = Envelope<'ops.probe.completed'>;
const probeOf = (target: string, extra: (e: Probe) => boolean = () => true) => (e: AnyEvent) =>
  e.type === 'ops.probe.completed' && e.data.target === target && extra(e as Probe);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('monitor service (real NATS, real HTTP targets, local Bot API)', () => {
  let env: TestEnvironment;
  let bot: LocalBotApi;
  let alpha: FakeService;
  let notification: FakeService;
  let monitor: RunningService;
  const output: string[] = [];
  let restoreOutput: () => void;

  beforeAll(async () => {
    env = await testEnvironment({ name: 'monitor-test', streams: ['OPS'] });
    bot = await LocalBotApi.start();
    alpha = await FakeService.start();
    notification = await FakeService.start();
    // The log is part of what is tested (the fallback's trace, no secrets in it): keep a copy of it.
    const spies = (['stdout', 'stderr'] as const).map((s) =>
      jest.spyOn(process[s], 'write').mockImplementation((chunk: string | Uint8Array) => {
        output.push(String(chunk));
        return true;
      }),
    );
    restoreOutput = () => spies.forEach((s) => s.mockRestore());
    monitor = await startMonitor({
      ...env.env,
      MONITOR_PORT: '0',
      LOG_LEVEL: 'warn',
      MONITOR_TARGETS: `alpha=${alpha.url},notification=${notification.url}/`,
      MONITOR_PROBE_INTERVAL_MS: String(PROBE_MS),
      // Targets down from the start are the point here: no boot grace.
      MONITOR_STARTUP_GRACE_MS: '0',
      MONITOR_PROBE_TIMEOUT_MS: '300',
      MONITOR_TICK_INTERVAL_MS: String(TICK_MS),
      MONITOR_FALLBACK_AFTER_MS: String(FALLBACK_AFTER_MS),
      TELEGRAM_BOT_TOKEN: bot.token,
      TELEGRAM_API_ROOT: bot.apiRoot,
      TELEGRAM_ADMIN_CHAT_IDS: CHATS.join(','),
    });
  });

  afterAll(async () => {
    await monitor?.stop();
    restoreOutput?.();
    await alpha?.close();
    await notification?.close();
    await bot?.stop();
    await env?.cleanup();
  });

  const lastSeq = async () => (await env.bus.jsm.streams.info(env.bus.topo.streamName('OPS'))).state.last_seq;
  const targets = async (): Promise<Record<string, TargetStatus>> => {
    const res = await fetch(`${monitor.url}/targets`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { items: TargetStatus[] };
    return Object.fromEntries(body.items.map((t) => [t.name, t]));
  };
  const until = async (what: string, check: () => Promise<boolean>, timeoutMs = 5000) => {
    const deadline = Date.now() + timeoutMs;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await sleep(50);
    }
  };

  it('publishes one probe result per target and round: ok, status, latency, global, keyed by target', async () => {
    const { event, subject } = await waitForEvent(env.bus, 'OPS', probeOf('alpha'));
    expect(subject).toBe(`recyclic-${env.namespace}.ops.probe.completed.global.alpha`);
    expect(event).toMatchObject({ source: 'monitor', siteId: 'global' });
    expect(event.data).toEqual({ target: 'alpha', ok: true, status: 200, latencyMs: expect.any(Number) });
    expect(Number.isInteger((event as Probe).data.latencyMs)).toBe(true);
    await waitForEvent(env.bus, 'OPS', probeOf('notification', (e) => e.data.ok));
  });

  it('shows the latest probe of each target on GET /targets', async () => {
    const all = await targets();
    expect(Object.keys(all)).toEqual(['alpha', 'notification']);
    expect(all.alpha).toEqual({
      name: 'alpha',
      url: alpha.url,
      up: true,
      lastStatus: 200,
      lastLatencyMs: expect.any(Number),
      lastError: null,
      lastCheckedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      consecutiveFailures: 0,
      failingSince: null,
    });
    expect(all.notification.url).toBe(notification.url);
  });

  it('reports a 503 as a failed probe with its status and the names of the failed checks', async () => {
    const from = (await lastSeq()) + 1;
    alpha.mode = 'unready';
    const { event } = await waitForEvent(env.bus, 'OPS', probeOf('alpha', (e) => !e.data.ok), { fromSeq: from });
    expect(event.data).toEqual({ target: 'alpha', ok: false, status: 503, latencyMs: expect.any(Number), error: 'http 503 (failing: postgres)' });
    await until('two failures in /targets', async () => (await targets()).alpha.consecutiveFailures >= 2);
    expect((await targets()).alpha).toMatchObject({ up: false, lastStatus: 503, failingSince: expect.any(String) });
    expect(JSON.stringify(await collectEvents(env.bus, 'OPS'))).not.toContain(SECRET_IN_CHECK_MESSAGE);
  });

  it('reports a closed port as a failed probe without status, and a target coming back as up', async () => {
    let from = (await lastSeq()) + 1;
    await alpha.close();
    const { event } = await waitForEvent(env.bus, 'OPS', probeOf('alpha', (e) => e.data.status === undefined), { fromSeq: from });
    expect(event.data).toEqual({ target: 'alpha', ok: false, latencyMs: expect.any(Number), error: 'network ECONNREFUSED' });

    alpha.mode = 'ready';
    from = (await lastSeq()) + 1;
    await alpha.open();
    await waitForEvent(env.bus, 'OPS', probeOf('alpha', (e) => e.data.ok), { fromSeq: from });
    expect((await targets()).alpha).toMatchObject({ up: true, lastStatus: 200, consecutiveFailures: 0, failingSince: null });
  });

  it('retries a failed probe once before reporting it: a single blip never reaches the stream', async () => {
    const from = (await lastSeq()) + 1;
    const seen = alpha.requests.length;
    alpha.mode = 'fail-once';
    await until('the blip', async () => alpha.mode === 'ready');
    await waitForEvent(env.bus, 'OPS', probeOf('alpha'), { fromSeq: (await lastSeq()) + 1 });
    const alphaProbes = (await collectEvents(env.bus, 'OPS')).filter((f) => f.seq >= from && probeOf('alpha')(f.event));
    expect(alphaProbes.length).toBeGreaterThan(0);
    expect(alphaProbes.every((f) => (f.event as Probe).data.ok)).toBe(true);
    expect(alpha.requests.length - seen).toBeGreaterThan(alphaProbes.length);
  });

  it('emits a tick at every interval, event time = now', async () => {
    await waitForEvent(env.bus, 'OPS', (e) => e.type === 'ops.tick.emitted', { fromSeq: (await lastSeq()) + 1 });
    const ticks = (await collectEvents(env.bus, 'OPS')).filter((f) => f.event.type === 'ops.tick.emitted');
    expect(ticks.length).toBeGreaterThanOrEqual(3);
    expect(ticks[0].subject).toBe(`recyclic-${env.namespace}.ops.tick.emitted.global.monitor`);
    expect(ticks[0].event).toMatchObject({ source: 'monitor', siteId: 'global', data: {} });
    const times = ticks.map((t) => Date.parse(t.event.occurredAt));
    for (let i = 1; i < times.length; i++) {
      expect(times[i] - times[i - 1]).toBeGreaterThanOrEqual(TICK_MS - 20);
      expect(times[i] - times[i - 1]).toBeLessThan(TICK_MS * 3);
    }
    expect(Date.now() - times[times.length - 1]).toBeLessThan(TICK_MS * 3);
  });

  it('emits its own heartbeat', async () => {
    const { event } = await waitForEvent(env.bus, 'OPS', (e) => e.type === 'ops.heartbeat.emitted');
    expect(event).toMatchObject({ source: 'monitor', siteId: 'global', data: { service: 'monitor', instanceId: expect.stringMatching(/^monitor-/) } });
  });

  it('is ready with NATS and both loops running, and needs no database', async () => {
    const res = await fetch(`${monitor.url}/health/ready`);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(Object.keys(body.details).sort()).toEqual(['consumer:monitor-probes', 'consumer:monitor-samples', 'consumer:monitor-ticks', 'nats']);
    expect(body.details['consumer:monitor-probes']).toEqual({ status: 'up' });
  });

  it('alerts each admin chat once, past the threshold, while notification is down, and once when it is back', async () => {
    expect(bot.calls('sendMessage')).toHaveLength(0);
    const downAt = Date.now();
    await notification.close();
    await until('notification failing', async () => (await targets()).notification.failingSince !== null);
    const failingSince = Date.parse((await targets()).notification.failingSince!);

    await sleep(downAt + FALLBACK_AFTER_MS / 2 - Date.now());
    expect(bot.calls('sendMessage')).toHaveLength(0);

    const alerts = await bot.waitForCalls('sendMessage', CHATS.length, FALLBACK_AFTER_MS + 3000);
    expect(alerts.map((c) => String(c.params.chat_id)).sort()).toEqual([...CHATS].sort());
    for (const call of alerts) {
      expect(call.at.getTime() - failingSince).toBeGreaterThan(FALLBACK_AFTER_MS);
      expect(call.status).toBe(200);
      expect(call.params.text).toMatch(
        /^⚠️ Vigie : le service de notification ne répond plus depuis \d+ s — les alertes ne partent plus\.\nDernière sonde : network ECONNREFUSED$/,
      );
    }
    await sleep(PROBE_MS * 6);
    expect(bot.calls('sendMessage')).toHaveLength(CHATS.length);

    await notification.open();
    const all = await bot.waitForCalls('sendMessage', CHATS.length * 2, 5000);
    const recoveries = all.slice(CHATS.length);
    expect(recoveries.map((c) => String(c.params.chat_id)).sort()).toEqual([...CHATS].sort());
    expect(recoveries.every((c) => c.params.text === RECOVERY_TEXT)).toBe(true);
    await sleep(PROBE_MS * 6);
    expect(bot.calls('sendMessage')).toHaveLength(CHATS.length * 2);

    const log = output.join('');
    expect(log).toContain('notification has failed its probes for');
    expect(log).not.toContain(bot.token.split(':')[1]);
  });
});
