import { startAnomaly } from '@vigie/anomaly';
import type { RunningService } from '@vigie/health';
import { randomToken, testEnvironment, type TestEnvironment } from '@vigie/testing';
import { ChildService } from './support/child-service';
import { closingsOutcome } from './support/closings-outcome';
import { reportScenario } from './support/report';

const CLOSINGS_PER_SEC = 15;
const MIN_SECONDS = 12;
const KILL_AFTER_MS = 5000;
/** One closing in ANOMALOUS_EVERY is counted 30 € short: one `cash.variance` each (keyed by session). */
const ANOMALOUS_EVERY = 8;

/**
 * Sessions opened and closed through the cash service's HTTP API (a real process) at a steady rate while it
 * is killed with SIGKILL and started again. Requests fail while it is down; only closings answered 2xx count.
 * Each acknowledged closing must be on CASH once, and each acknowledged short one raised once.
 */
describe('kill -9 of the cash service under load', () => {
  let env: TestEnvironment;
  let cash: ChildService | undefined;
  let cashEnv: Record<string, string>;
  let anomaly: RunningService | undefined;
  const tag = randomToken(5);

  beforeAll(async () => {
    env = await testEnvironment({ name: 'reliability-crash-cash' });
    const common = { ...env.env, HOST: '127.0.0.1', LOG_LEVEL: 'warn' };
    cashEnv = { ...common, CASH_PORT: '0', CASH_OUTBOX_INTERVAL_MS: '300' };
    cash = await ChildService.start('cash', cashEnv);
    // Warm-up (the first requests of a fresh process compile its code): not part of the load.
    const warm = (await (await fetch(`${cash.url}/sessions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ siteId: 'site-warm', registerId: `warm-${tag}`, operatorId: 'op-1', openingAmount: 100 }) })).json()) as { sessionId: string };
    await fetch(`${cash.url}/sessions/${warm.sessionId}/close`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ countedCash: 100 }) });
    anomaly = await startAnomaly({ ...common, LOG_LEVEL: 'error', ANOMALY_PORT: '0', ANOMALY_OUTBOX_INTERVAL_MS: '300' });
  }, 180_000);

  afterAll(async () => {
    await cash?.stop('SIGKILL').catch(() => undefined);
    await anomaly?.stop().catch(() => undefined);
    await env?.cleanup();
  }, 60_000);

  const failures = new Map<string, number>();
  const fail = (why: string) => failures.set(why, (failures.get(why) ?? 0) + 1);

  async function post<T>(path: string, body: unknown): Promise<T | undefined> {
    try {
      const res = await fetch(`${cash!.url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(5000),
      });
      const text = await res.text();
      if (res.status >= 200 && res.status < 300) return JSON.parse(text) as T;
      fail(String(res.status));
      return undefined;
    } catch (e) {
      fail((e as Error).name === 'TimeoutError' ? 'timeout' : 'refused');
      return undefined;
    }
  }

  it(`loses and duplicates no acknowledged closing at ${CLOSINGS_PER_SEC} closings/s`, async () => {
    const acknowledged: string[] = [];
    const expectedAnomalies: string[] = [];
    let attempted = 0;
    let failed = 0;
    let acknowledgedAfterRestart = 0;
    let acknowledgedBeforeKill = 0;
    let killed = false;
    let restartedAt = Infinity;
    const closeOne = async (i: number) => {
      const anomalous = i % ANOMALOUS_EVERY === 0;
      const opened = await post<{ sessionId: string }>('/sessions', { siteId: 'site-crash-cash', registerId: `reg-${tag}-${i}`, operatorId: 'op-1', openingAmount: 100 });
      if (!opened) return void failed++;
      const closed = await post<{ sessionId: string }>(`/sessions/${opened.sessionId}/close`, {
        countedCash: anomalous ? 70 : 100,
        ...(anomalous ? { comment: 'manque' } : {}),
      });
      if (!closed) return void failed++;
      acknowledged.push(opened.sessionId);
      if (Date.now() > restartedAt) acknowledgedAfterRestart++;
      else if (!killed) acknowledgedBeforeKill++;
      if (anomalous) expectedAnomalies.push(opened.sessionId);
    };

    const started = Date.now();
    const inflight = new Set<Promise<unknown>>();
    let restart: Promise<void> | undefined;
    for (;;) {
      const elapsed = Date.now() - started;
      if (elapsed > MIN_SECONDS * 1000 && Date.now() > restartedAt + 3000) break;
      const due = Math.floor((elapsed / 1000) * CLOSINGS_PER_SEC);
      for (; attempted < due; attempted++) {
        const p = closeOne(attempted).finally(() => inflight.delete(p));
        inflight.add(p);
      }
      if (!restart && elapsed > KILL_AFTER_MS) {
        restart = (async () => {
          killed = true;
          await cash!.stop('SIGKILL');
          cash = await ChildService.start('cash', cashEnv);
          restartedAt = Date.now();
        })();
      }
      await new Promise((r) => setTimeout(r, 20));
    }
    await Promise.all(inflight);
    const loadSeconds = (Date.now() - started) / 1000;

    const { events, raised: r, rows: t } = await closingsOutcome(env.bus, anomaly!.url, acknowledged, expectedAnomalies);
    reportScenario('crash-cash', {
      in: acknowledged.length,
      out: events.out,
      lost: events.lost + r.lost + t.lost,
      duplicated: events.duplicated + r.duplicated + t.duplicated,
      extra: { requested: attempted, failed, beforeKill: acknowledgedBeforeKill, afterRestart: acknowledgedAfterRestart, anomalies: Math.min(r.out, t.out), expectedAnomalies: expectedAnomalies.length, failures: [...failures].map(([k, n]) => `${k}:${n}`).join(','), closingsPerSec: Math.round(acknowledged.length / loadSeconds), kills: 1 },
    });
    expect(failed).toBeGreaterThan(0);
    expect(acknowledgedBeforeKill).toBeGreaterThan(0);
    expect(acknowledgedAfterRestart).toBeGreaterThan(0);
    expect(events).toEqual({ out: acknowledged.length, lost: 0, duplicated: 0 });
    expect(r).toEqual({ out: expectedAnomalies.length, lost: 0, duplicated: 0 });
    expect(t).toEqual({ out: expectedAnomalies.length, lost: 0, duplicated: 0 });
    expect((await fetch(`${cash!.url}/health/ready`)).status).toBe(200);
  }, 300_000);
});
