import { createEvent, LIVE_NAMESPACE, type AnomalyPush, type ClientToServerEvents, type ServerToClientEvents } from '@vigie/contracts';
import { EventPublisher } from '@vigie/messaging';
import { collectEvents, randomToken, testEnvironment, type TestEnvironment } from '@vigie/testing';
import { io, type Socket } from 'socket.io-client';
import { ChildService } from './support/child-service';
import { lostAndDuplicated, reportScenario } from './support/report';
import { STACK_ADMIN } from './support/stack';
import { until } from './support/wait';

type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

const RATE_PER_SEC = 100;
/** At least; the load goes on 3 s after the dashboard reconnected, so it gets a replay and then live pushes. */
const SECONDS = 10;
const KILL_AFTER_MS = 3000;

/**
 * Anomalies raised on ANOMALY at a steady rate while a dashboard follows the gateway's live feed; the gateway
 * (a real process) is killed with SIGKILL mid-load and started again, and the dashboard reconnects with the
 * last seq it saw (`auth.sinceSeq`). Every ANOMALY event of the run must reach it once, in seq order.
 */
describe('kill -9 of the gateway under load: the live feed resumes without gaps', () => {
  let env: TestEnvironment;
  let gateway: ChildService | undefined;
  let gatewayEnv: Record<string, string>;
  const sockets: LiveSocket[] = [];
  const tag = randomToken(5);

  beforeAll(async () => {
    env = await testEnvironment({ name: 'reliability-crash-gateway' });
    gatewayEnv = {
      ...env.env,
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      GATEWAY_PORT: '0',
      AUTH_SECRET: `reliability-${randomToken(32)}`,
      ADMIN_BOOTSTRAP_LOGIN: STACK_ADMIN.login,
      ADMIN_BOOTSTRAP_PASSWORD: STACK_ADMIN.password,
      METRICS_SAMPLE_INTERVAL_MS: '60000',
    };
    gateway = await ChildService.start('gateway', gatewayEnv);
  }, 180_000);

  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await gateway?.stop('SIGKILL').catch(() => undefined);
    await env?.cleanup();
  }, 60_000);

  async function logIn(url: string): Promise<string> {
    const res = await fetch(`${url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(STACK_ADMIN),
    });
    if (res.status !== 200) throw new Error(`login ${res.status}: ${await res.text()}`);
    return ((await res.json()) as { token: string }).token;
  }

  it(`delivers every anomaly once, in order, across a gateway kill at ${RATE_PER_SEC} anomalies/s`, async () => {
    const received: AnomalyPush[] = [];
    let connections = 0;
    const follow = async (url: string): Promise<void> => {
      const token = await logIn(url);
      const last = received.length > 0 ? received[received.length - 1].seq : undefined;
      const socket: LiveSocket = io(url + LIVE_NAMESPACE, {
        auth: { token, ...(last !== undefined ? { sinceSeq: last } : {}) },
        transports: ['websocket'],
        reconnection: false,
        forceNew: true,
      });
      sockets.push(socket);
      socket.on('anomaly', (p) => received.push(p));
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', () => resolve());
        socket.once('connect_error', reject);
      });
      connections++;
    };
    await follow(gateway!.url);

    const publisher = new EventPublisher(env.bus);
    const started = Date.now();
    const inflight = new Set<Promise<unknown>>();
    let restart: Promise<void> | undefined;
    let reconnectedAt = Infinity;
    let publishedAtReconnect = 0;
    let published = 0;
    for (;;) {
      const elapsed = Date.now() - started;
      if (elapsed > SECONDS * 1000 && Date.now() > reconnectedAt + 3000) break;
      const due = Math.floor((elapsed / 1000) * RATE_PER_SEC);
      for (; published < due; published++) {
        const event = createEvent(
          'anomaly.alert.raised',
          {
            anomalyId: `an-${tag}-${published}`,
            ruleId: 'cash.variance',
            ruleVersion: 1,
            severity: 'warning',
            key: `reg-${tag}-${published}`,
            title: `Écart de caisse reg-${tag}-${published}`,
            summary: 'écart de -10,00 €',
            evidence: [],
            details: {},
          },
          { source: 'anomaly', siteId: 'site-live', occurredAt: new Date(Date.parse('2026-11-30T07:00:00Z') + published * 1000) },
        );
        const p = publisher.publish(event).finally(() => inflight.delete(p));
        inflight.add(p);
      }
      if (!restart && Date.now() - started > KILL_AFTER_MS) {
        restart = (async () => {
          await gateway!.stop('SIGKILL');
          gateway = await ChildService.start('gateway', gatewayEnv);
          await follow(gateway.url);
          reconnectedAt = Date.now();
          publishedAtReconnect = published;
        })();
      }
      await new Promise((r) => setTimeout(r, 20));
    }
    await Promise.all(inflight);
    const loadSeconds = (Date.now() - started) / 1000;
    await restart;
    const total = published;

    const stored = (await collectEvents(env.bus, 'ANOMALY')).map((f) => f.seq);
    const lastStored = stored[stored.length - 1];
    await until('every ANOMALY event pushed to the dashboard', 120_000, async () => (received.some((p) => p.seq >= lastStored) ? true : undefined), 500);
    // A late duplicate (a redelivery pushed again) would come now: give it time to show.
    await new Promise((r) => setTimeout(r, 3000));

    const seqs = received.map((p) => p.seq);
    const counts = lostAndDuplicated(stored.map(String), seqs.map(String));
    const outOfOrder = seqs.filter((s, i) => i > 0 && s <= seqs[i - 1]).length;
    reportScenario('crash-gateway-live-feed', {
      in: stored.length,
      out: counts.out,
      lost: counts.lost,
      duplicated: counts.duplicated,
      extra: { events: total, pushes: seqs.length, outOfOrder, eventsPerSec: Math.round(total / loadSeconds), kills: 1, connections, publishedAfterReconnect: total - publishedAtReconnect },
    });
    expect(stored.length).toBe(total);
    expect(connections).toBe(2);
    expect(total - publishedAtReconnect).toBeGreaterThan(0);
    expect(counts).toEqual({ out: total, lost: 0, duplicated: 0 });
    expect(outOfOrder).toBe(0);
    expect((await fetch(`${gateway!.url}/health/ready`)).status).toBe(200);
  }, 300_000);
});
