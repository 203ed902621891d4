import { startAnomaly } from '@vigie/anomaly';
import { startGateway } from '@vigie/gateway';
import type { RunningService } from '@vigie/health';
import { startMonitor } from '@vigie/monitor';
import { testEnvironment, type TestEnvironment } from '@vigie/testing';
import { gatewayAuthEnv, request, until } from './support';

// Short enough for a test, long enough that a loaded machine's detection delay is not taken for a stall.
const MAX_AGE_S = 5;
const TICK_MS = 200;

interface PulseBody {
  status: string;
  reason?: string;
  message?: string;
}

/**
 * The dead-man's switch `GET /health/pipeline`: 200 while monitor ticks go through anomaly detection,
 * 503 with the reason once the detectors or the monitor have stopped for longer than the threshold.
 */
describe('dead-man’s switch: GET /health/pipeline', () => {
  let env: TestEnvironment;
  let gateway: RunningService;
  let anomaly: RunningService | undefined;
  let monitor: RunningService | undefined;
  let common: Record<string, string>;

  const pulse = () => request<PulseBody>(gateway.url, 'GET', '/health/pipeline');
  const startTicking = () =>
    startMonitor({ ...common, MONITOR_PORT: '0', MONITOR_TARGETS: `gateway=${gateway.url}`, MONITOR_TICK_INTERVAL_MS: String(TICK_MS), MONITOR_PROBE_INTERVAL_MS: '1000' });

  beforeAll(async () => {
    env = await testEnvironment();
    common = { ...env.env, LOG_LEVEL: 'error' };
    gateway = await startGateway({ ...common, ...gatewayAuthEnv(), GATEWAY_PORT: '0', PIPELINE_MAX_TICK_AGE_SECONDS: String(MAX_AGE_S) });
  });

  afterAll(async () => {
    await monitor?.stop();
    await anomaly?.stop();
    await gateway?.stop();
    await env?.cleanup();
  });

  it('503 no-recent-tick before anything ticks; public, no token, nothing else said', async () => {
    const res = await pulse();
    expect(res.status).toBe(503);
    expect(res.body).toEqual({ status: 'stalled', reason: 'no-recent-tick', message: expect.any(String) });
  });

  it('200 while the monitor ticks and the anomaly service detects', async () => {
    anomaly = await startAnomaly({ ...common, ANOMALY_PORT: '0' });
    monitor = await startTicking();
    await until('the pipeline flowing', async () => (await pulse()).status === 200, 30_000);
    expect((await pulse()).body).toEqual({ status: 'flowing' });
  });

  it('the anomaly service stopped: still 200 within the threshold, then 503 detection-stalled; 200 again after its restart', async () => {
    await anomaly!.stop();
    const stoppedAt = Date.now();
    anomaly = undefined;
    let res = await pulse();
    if (Date.now() - stoppedAt < (MAX_AGE_S * 1000) / 2) expect(res.status).toBe(200);
    await until('the pulse stalled', async () => (res = await pulse()).status === 503, 30_000);
    expect(Date.now() - stoppedAt).toBeGreaterThanOrEqual(MAX_AGE_S * 1000 - 2 * TICK_MS);
    expect(res.body).toEqual({ status: 'stalled', reason: 'detection-stalled', message: expect.any(String) });

    anomaly = await startAnomaly({ ...common, ANOMALY_PORT: '0' });
    await until('the pipeline flowing again', async () => (await pulse()).status === 200, 30_000);
  });

  it('the monitor stopped: 503 no-recent-tick after the threshold', async () => {
    await monitor!.stop();
    const stoppedAt = Date.now();
    monitor = undefined;
    let res = await pulse();
    await until('the pulse stalled', async () => (res = await pulse()).status === 503, 30_000);
    expect(Date.now() - stoppedAt).toBeGreaterThanOrEqual(MAX_AGE_S * 1000 - 2 * TICK_MS);
    expect(res.body).toEqual({ status: 'stalled', reason: 'no-recent-tick', message: expect.any(String) });
  });
});
