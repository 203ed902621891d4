import { startAnomaly } from '@vigie/anomaly';
import { startCash } from '@vigie/cash';
import type { RunningService } from '@vigie/health';
import { Bus, provisionStreams } from '@vigie/messaging';
import { createTestDatabase, randomToken, uniqueNamespace, type TestDatabase } from '@vigie/testing';
import { PrivateNatsServer } from './support/private-nats-server';
import { closingsOutcome } from './support/closings-outcome';
import { reportScenario } from './support/report';
import { bounded, until } from './support/wait';

const CLOSINGS_PER_SEC = 15;
const MIN_SECONDS = 12;
const STOP_AFTER_MS = 4000;
const DOWN_MS = 3000;
/** One closing in ANOMALOUS_EVERY is counted 30 € short: one `cash.variance` each (keyed by session). */
const ANOMALOUS_EVERY = 8;

/**
 * The cash and anomaly services on a NATS server of the test's own, which is stopped (SIGTERM) mid-load and
 * started again on the same port and store. Closings keep being accepted over HTTP; the cash outbox publishes
 * them once NATS is back. Each acknowledged closing must be on CASH once and each short one raised once.
 */
describe('NATS restarted during a load of cash closings', () => {
  let nats: PrivateNatsServer | undefined;
  let database: TestDatabase | undefined;
  let bus: Bus | undefined;
  let cash: RunningService | undefined;
  let anomaly: RunningService | undefined;
  const tag = randomToken(5);

  beforeAll(async () => {
    nats = await PrivateNatsServer.start();
    database = await createTestDatabase();
    const namespace = uniqueNamespace();
    bus = await Bus.connect({ url: nats.url, namespace, name: 'reliability-nats-restart' });
    await provisionStreams(bus);
    const common = { NATS_URL: nats.url, DATABASE_URL: database.url, VIGIE_NAMESPACE: namespace, HOST: '127.0.0.1', LOG_LEVEL: 'error' };
    cash = await startCash({ ...common, CASH_PORT: '0', CASH_OUTBOX_INTERVAL_MS: '300' });
    anomaly = await startAnomaly({ ...common, ANOMALY_PORT: '0', ANOMALY_OUTBOX_INTERVAL_MS: '300' });
  }, 180_000);

  afterAll(async () => {
    const errors: unknown[] = [];
    const step = async (what: string, ms: number, work: () => Promise<unknown> | undefined) => {
      await bounded(what, ms, Promise.resolve(work())).catch((e) => errors.push(e));
    };
    await step('stopping the cash service', 30_000, () => cash?.stop());
    await step('stopping the anomaly service', 30_000, () => anomaly?.stop());
    await step('closing the test connection', 10_000, () => bus?.close());
    await step('stopping nats-server', 15_000, () => nats?.destroy());
    await step('dropping the test database', 15_000, () => database?.drop());
    if (errors.length > 0) throw errors[0];
  }, 120_000);

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

  it(`loses and duplicates no closing and no anomaly at ${CLOSINGS_PER_SEC} closings/s`, async () => {
    const acknowledged: string[] = [];
    const expectedAnomalies: string[] = [];
    let attempted = 0;
    let whileDown = 0;
    let down = false;
    const closeOne = async (i: number) => {
      const anomalous = i % ANOMALOUS_EVERY === 0;
      const opened = await post<{ sessionId: string }>('/sessions', { siteId: 'site-nats', registerId: `reg-${tag}-${i}`, operatorId: 'op-1', openingAmount: 100 });
      if (!opened) return;
      const closed = await post<{ sessionId: string }>(`/sessions/${opened.sessionId}/close`, {
        countedCash: anomalous ? 70 : 100,
        ...(anomalous ? { comment: 'manque' } : {}),
      });
      if (!closed) return;
      acknowledged.push(opened.sessionId);
      if (down) whileDown++;
      if (anomalous) expectedAnomalies.push(opened.sessionId);
    };

    const started = Date.now();
    const inflight = new Set<Promise<unknown>>();
    let restart: Promise<void> | undefined;
    let restartedAt = Infinity;
    for (;;) {
      const elapsed = Date.now() - started;
      if (elapsed > MIN_SECONDS * 1000 && Date.now() > restartedAt + 3000) break;
      const due = Math.floor((elapsed / 1000) * CLOSINGS_PER_SEC);
      for (; attempted < due; attempted++) {
        const p = closeOne(attempted).finally(() => inflight.delete(p));
        inflight.add(p);
      }
      if (!restart && elapsed > STOP_AFTER_MS) {
        restart = (async () => {
          await nats!.stop('SIGTERM');
          down = true;
          await new Promise((r) => setTimeout(r, DOWN_MS));
          await nats!.restart();
          down = false;
          restartedAt = Date.now();
        })();
      }
      await new Promise((r) => setTimeout(r, 20));
    }
    await Promise.all(inflight);
    const loadSeconds = (Date.now() - started) / 1000;

    const { events, raised: r, rows: t } = await closingsOutcome(bus!, anomaly!.url, acknowledged, expectedAnomalies);
    reportScenario('nats-restart', {
      in: acknowledged.length,
      out: events.out,
      lost: events.lost + r.lost + t.lost,
      duplicated: events.duplicated + r.duplicated + t.duplicated,
      extra: {
        requested: attempted,
        acknowledgedWhileDown: whileDown,
        failures: [...failures].map(([k, n]) => `${k}:${n}`).join(',') || 'none',
        anomalies: Math.min(r.out, t.out),
        expectedAnomalies: expectedAnomalies.length,
        closingsPerSec: Math.round(acknowledged.length / loadSeconds),
        restarts: 1,
      },
    });
    expect(whileDown).toBeGreaterThan(0);
    expect(events).toEqual({ out: acknowledged.length, lost: 0, duplicated: 0 });
    expect(r).toEqual({ out: expectedAnomalies.length, lost: 0, duplicated: 0 });
    expect(t).toEqual({ out: expectedAnomalies.length, lost: 0, duplicated: 0 });
    await until('both services ready again', 60_000, async () => {
      const statuses = await Promise.all([cash!, anomaly!].map(async (s) => (await fetch(`${s.url}/health/ready`)).status));
      return statuses.every((s) => s === 200) ? true : undefined;
    }, 500);
  }, 300_000);
});
