import type { AnyEvent } from '@vigie/contracts';
import type { RunningService } from '@vigie/health';
import { Bus } from '@vigie/messaging';
import { LocalBotApi, uniqueNamespace, waitForEvent } from '@vigie/testing';
import { startMonitor } from './app';
import type { TargetStatus } from './domain/target-status';
import { FakeService } from './test-support/fake-service';
import { PrivateNats } from './test-support/private-nats';

const probeOf = (ok: boolean) => (e: AnyEvent) => e.type === 'ops.probe.completed' && e.data.target === 'notification' && e.data.ok === ok;

describe('monitor while NATS is away (a private nats-server, stopped and started again)', () => {
  let nats: PrivateNats;
  let bus: Bus;
  let bot: LocalBotApi;
  let notification: FakeService;
  let monitor: RunningService;

  beforeAll(async () => {
    nats = await PrivateNats.start();
    bot = await LocalBotApi.start();
    notification = await FakeService.start();
    const namespace = uniqueNamespace();
    monitor = await startMonitor({
      NATS_URL: nats.url,
      VIGIE_NAMESPACE: namespace,
      MONITOR_PORT: '0',
      LOG_LEVEL: 'error',
      MONITOR_TARGETS: `notification=${notification.url}`,
      MONITOR_PROBE_INTERVAL_MS: '200',
      // Targets down from the start are the point here: no boot grace.
      MONITOR_STARTUP_GRACE_MS: '0',
      MONITOR_PROBE_TIMEOUT_MS: '300',
      MONITOR_TICK_INTERVAL_MS: '300',
      MONITOR_FALLBACK_AFTER_MS: '1000',
      TELEGRAM_BOT_TOKEN: bot.token,
      TELEGRAM_API_ROOT: bot.apiRoot,
      TELEGRAM_ADMIN_CHAT_IDS: '4242',
    });
    bus = await Bus.connect({ url: nats.url, namespace, name: 'monitor-nats-outage-test' });
  });

  afterAll(async () => {
    await monitor?.stop();
    await bus?.close();
    await nats?.destroy();
    await notification?.close();
    await bot?.stop();
  });

  const targets = async (): Promise<TargetStatus[]> => ((await (await fetch(`${monitor.url}/targets`)).json()) as { items: TargetStatus[] }).items;

  it('keeps probing and still sends the fallback alert, then publishes again once NATS is back', async () => {
    await waitForEvent(bus, 'OPS', probeOf(true));
    await nats.stop();
    await notification.close();

    await bot.waitForCalls('sendMessage', 1, 5000);
    expect(bot.calls('sendMessage')[0].params.text).toContain('ne répond plus');
    const [status] = await targets();
    expect(status).toMatchObject({ up: false, consecutiveFailures: expect.any(Number) });
    expect(status.consecutiveFailures).toBeGreaterThanOrEqual(3);
    expect(Date.now() - Date.parse(status.lastCheckedAt!)).toBeLessThan(1500);
    const ready = await fetch(`${monitor.url}/health/ready`);
    expect(ready.status).toBe(503);
    expect((await ready.json()).error).toHaveProperty('nats.status', 'down');

    await nats.restart();
    // The test's own connection reconnects too: its first reads may time out.
    const deadline = Date.now() + 20_000;
    for (;;) {
      try {
        await waitForEvent(bus, 'OPS', probeOf(false), { timeoutMs: 5000 });
        break;
      } catch (e) {
        if (Date.now() > deadline) throw e;
        await new Promise((r) => setTimeout(r, 200));
      }
    }
    expect(bot.calls('sendMessage')).toHaveLength(1);
  });
});
