import { startAnomaly } from '@vigie/anomaly';
import type { AnomalyListResponse } from '@vigie/contracts';
import { startGateway } from '@vigie/gateway';
import type { RunningService } from '@vigie/health';
import { testEnvironment, waitForEvent, type TestEnvironment } from '@vigie/testing';
import { ADMIN, gatewayAuthEnv, logIn, request, until } from './support';

/** Guessing a password through the gateway reaches the anomaly detectors, under an opaque principal. */
describe('failed logins → auth.login.failed → auth.failure-burst anomaly on the dashboard', () => {
  let env: TestEnvironment;
  let services: RunningService[] = [];
  let gateway: RunningService;

  beforeAll(async () => {
    env = await testEnvironment();
    const common = { ...env.env, LOG_LEVEL: 'warn' };
    const anomaly = await startAnomaly({ ...common, ANOMALY_PORT: '0' });
    gateway = await startGateway({ ...common, ...gatewayAuthEnv(), GATEWAY_PORT: '0', ANOMALY_URL: anomaly.url });
    services = [anomaly, gateway];
  });

  afterAll(async () => {
    for (const s of services.reverse()) await s.stop();
    await env?.cleanup();
  });

  it('5 wrong passwords for one name raise a warning that names the principal, never the login name', async () => {
    // Before the burst: afterwards this IP is rate-limited too.
    const { token } = await logIn(gateway.url, ADMIN.login, ADMIN.password);
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const res = await request(gateway.url, 'POST', '/api/auth/login', { body: { login: 'tresorier', password: `essai-${i}` } });
      statuses.push(res.status);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);

    const { event } = await waitForEvent(env.bus, 'ANOMALY', (e) => e.type === 'anomaly.alert.raised' && e.data.ruleId === 'auth.failure-burst');
    const principal = event.type === 'anomaly.alert.raised' ? event.data.key : '';
    expect(principal).toMatch(/^p-[0-9a-f]{24}$/);
    expect(JSON.stringify(event)).not.toContain('tresorier');

    let list: AnomalyListResponse | undefined;
    await until('the anomaly in the gateway list', async () => {
      list = (await request<AnomalyListResponse>(gateway.url, 'GET', '/api/anomalies?ruleId=auth.failure-burst', { token })).body;
      return list.items.length > 0;
    });
    expect(list!.items[0]).toMatchObject({ ruleId: 'auth.failure-burst', key: principal, siteId: 'global', status: 'open' });
    expect(JSON.stringify(list)).not.toContain('tresorier');
  });
});
