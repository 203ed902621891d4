import { MikroORM } from '@mikro-orm/postgresql';
import type { RunningService } from '@vigie/health';
import { Bus } from '@vigie/messaging';
import { collectEvents, testEnvironment, waitForEvent, type TestEnvironment } from '@vigie/testing';
import { startCash } from '../app';

describe('outbox relay across restarts (real NATS + Postgres)', () => {
  let env: TestEnvironment;
  const running: RunningService[] = [];

  beforeAll(async () => {
    env = await testEnvironment({ name: 'cash-outbox-test', streams: ['CASH'] });
  });

  afterAll(async () => {
    for (const svc of running) await svc.stop();
    await env?.cleanup();
  });

  const boot = async () => {
    const svc = await startCash({ ...env.env, CASH_PORT: '0', LOG_LEVEL: 'error', CASH_OUTBOX_INTERVAL_MS: '100' });
    running.push(svc);
    return svc;
  };
  const relayDetails = async (svc: RunningService) =>
    (await (await fetch(`${svc.url}/health/ready`)).json()).details['consumer:cash-outbox-relay'];
  const copiesOf = async (eventId: string) => (await collectEvents(env.bus, 'CASH')).filter((f) => f.event.id === eventId).length;
  const until = async (check: () => Promise<boolean>, what: string, timeoutMs = 5000) => {
    const deadline = Date.now() + timeoutMs;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };

  it('publishes an event committed while NATS was unreachable at the next boot, exactly once', async () => {
    const first = await boot();
    await first.app.get(Bus).close();
    const res = await fetch(`${first.url}/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ siteId: 'site-1', registerId: 'caisse-9', operatorId: 'op-1', openingAmount: 75 }),
    });
    // The state change is committed whatever NATS does; the event waits in the outbox.
    expect(res.status).toBe(201);
    const { sessionId } = await res.json();
    await new Promise((r) => setTimeout(r, 300));
    expect(await relayDetails(first)).toMatchObject({ pending: 1 });
    expect(await collectEvents(env.bus, 'CASH')).toHaveLength(0);
    await first.stop();

    const second = await boot();
    const { event } = await waitForEvent(env.bus, 'CASH', (e) => e.type === 'cash.session.opened' && e.data.sessionId === sessionId);
    expect(event.data).toMatchObject({ registerId: 'caisse-9', openingAmount: 75 });
    await until(async () => (await relayDetails(second)).pending === 0, 'the outbox row to be marked published');
    expect(await copiesOf(event.id)).toBe(1);

    // A crash between publish and mark leaves the row unmarked: the next relay sends it again and
    // JetStream drops the duplicate (Nats-Msg-Id = event id).
    await second.app.get(MikroORM).em.getConnection().execute(`update "cash"."outbox" set "published_at" = null`);
    await second.stop();
    const third = await boot();
    await until(async () => (await relayDetails(third)).pending === 0, 'the re-sent row to be marked published');
    expect(await copiesOf(event.id)).toBe(1);
    expect(await collectEvents(env.bus, 'CASH')).toHaveLength(1);
  });
});
