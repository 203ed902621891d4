import type { AnyEvent } from '@vigie/contracts';
import type { RunningService } from '@vigie/health';
import { collectEvents, randomToken, testEnvironment, waitForEvent, type TestEnvironment } from '@vigie/testing';
import { startCash } from './app';

describe('cash service (real NATS + Postgres)', () => {
  let env: TestEnvironment;
  let cash: RunningService;

  beforeAll(async () => {
    env = await testEnvironment({ name: 'cash-test', streams: ['CASH'] });
    cash = await startCash({ ...env.env, CASH_PORT: '0', LOG_LEVEL: 'error' });
  });

  afterAll(async () => {
    await cash?.stop();
    await env?.cleanup();
  });

  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${cash.url}${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, body: await res.json() };
  };
  const post = (path: string, body: unknown) => call('POST', path, body);
  const register = () => `caisse-${randomToken(6)}`;
  const open = async (registerId = register(), openingAmount = 100) => {
    const res = await post('/sessions', { siteId: 'site-1', registerId, operatorId: 'op-7', openingAmount });
    expect(res.status).toBe(201);
    return res.body as { sessionId: string; registerId: string };
  };
  const eventsOf = async (sessionId: string) =>
    (await collectEvents(env.bus, 'CASH')).filter((f) => (f.event.data as { sessionId?: string }).sessionId === sessionId);

  it('open → cash and card sales → close short: three kinds of events land on CASH with the right figures', async () => {
    const registerId = register();
    const session = await open(registerId, 100);
    expect(session).toMatchObject({ status: 'open', siteId: 'site-1', registerId, operatorId: 'op-7', openingAmount: 100 });

    const sale = await post(`/sessions/${session.sessionId}/sales`, { amount: 20, paymentMethod: 'cash', itemCount: 2 });
    expect(sale.status).toBe(201);
    expect(sale.body).toMatchObject({ sessionId: session.sessionId, registerId, amount: 20, paymentMethod: 'cash', itemCount: 2 });
    expect((await post(`/sessions/${session.sessionId}/sales`, { amount: 35.5, paymentMethod: 'card', itemCount: 1 })).status).toBe(201);
    expect((await post(`/sessions/${session.sessionId}/sales`, { amount: 4.9, paymentMethod: 'cash', itemCount: 1 })).status).toBe(201);

    // expected = 100 + 20 + 4.90 (the card sale never enters the drawer) = 124.90; counted 110 → −14.90
    const closed = await post(`/sessions/${session.sessionId}/close`, { countedCash: 110, comment: 'billet manquant' });
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({
      status: 'closed',
      cashSales: 24.9,
      totalSales: 60.4,
      salesCount: 3,
      expectedCash: 124.9,
      countedCash: 110,
      variance: -14.9,
      comment: 'billet manquant',
    });
    expect((await call('GET', `/sessions/${session.sessionId}`)).body).toEqual(closed.body);

    const { event: closedEvent, subject } = await waitForEvent(
      env.bus,
      'CASH',
      (e) => e.type === 'cash.session.closed' && e.data.sessionId === session.sessionId,
    );
    expect(subject).toBe(`recyclic-${env.namespace}.cash.session.closed.site-1.${registerId}`);
    expect(closedEvent).toMatchObject({ source: 'cash', siteId: 'site-1', occurredAt: closed.body.closedAt });
    expect(closedEvent.data).toEqual({
      sessionId: session.sessionId,
      registerId,
      operatorId: 'op-7',
      openingAmount: 100,
      cashSales: 24.9,
      expectedCash: 124.9,
      countedCash: 110,
      variance: -14.9,
      totalSales: 60.4,
      salesCount: 3,
      comment: 'billet manquant',
    });

    const events = await eventsOf(session.sessionId);
    expect(events.map((f) => f.event.type)).toEqual([
      'cash.session.opened',
      'cash.sale.recorded',
      'cash.sale.recorded',
      'cash.sale.recorded',
      'cash.session.closed',
    ]);
    const [opened, firstSale] = events.map((f) => f.event as AnyEvent);
    expect(opened.data).toEqual({ sessionId: session.sessionId, registerId, operatorId: 'op-7', openingAmount: 100 });
    expect(firstSale.data).toEqual({
      sessionId: session.sessionId,
      registerId,
      saleId: sale.body.saleId,
      amount: 20,
      paymentMethod: 'cash',
      itemCount: 2,
    });
    expect(firstSale.occurredAt).toBe(sale.body.recordedAt);
  });

  it('reports itself ready, the outbox relay included, with nothing pending', async () => {
    const res = await call('GET', '/health/ready');
    expect(res.status).toBe(200);
    expect(res.body.details).toMatchObject({
      nats: { status: 'up' },
      postgres: { status: 'up' },
      'consumer:cash-outbox-relay': { status: 'up', pending: 0 },
    });
  });

  it('refuses a second open session on one register (409), but not the same register id on another site', async () => {
    const registerId = register();
    await open(registerId);
    const again = await post('/sessions', { siteId: 'site-1', registerId, operatorId: 'op-8', openingAmount: 50 });
    expect(again).toEqual({
      status: 409,
      body: { error: { code: 'cash.register-busy', message: 'this register already has an open session' } },
    });
    expect((await post('/sessions', { siteId: 'site-2', registerId, operatorId: 'op-8', openingAmount: 50 })).status).toBe(201);
  });

  it('lets exactly one of several racing opens on a register win', async () => {
    const registerId = register();
    const results = await Promise.all(
      Array.from({ length: 6 }, () => post('/sessions', { siteId: 'site-1', registerId, operatorId: 'op-1', openingAmount: 10 })),
    );
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409, 409]);
    expect(results.filter((r) => r.status === 409).every((r) => r.body.error.code === 'cash.register-busy')).toBe(true);
  });

  it('opens a register again once its session is closed', async () => {
    const registerId = register();
    const first = await open(registerId, 0);
    expect((await post(`/sessions/${first.sessionId}/close`, { countedCash: 0 })).status).toBe(200);
    await open(registerId, 0);
  });

  it('refuses sales and closings on an unknown session (404) or a closed one (409)', async () => {
    const unknown = await post('/sessions/no-such-session/sales', { amount: 1, paymentMethod: 'cash', itemCount: 1 });
    expect(unknown).toEqual({ status: 404, body: { error: { code: 'cash.session-not-found', message: 'no such cash session' } } });
    expect((await post('/sessions/no-such-session/close', { countedCash: 1 })).status).toBe(404);
    expect((await call('GET', '/sessions/no-such-session')).status).toBe(404);

    const session = await open(register(), 10);
    expect((await post(`/sessions/${session.sessionId}/close`, { countedCash: 10 })).status).toBe(200);
    const sale = await post(`/sessions/${session.sessionId}/sales`, { amount: 1, paymentMethod: 'cash', itemCount: 1 });
    expect(sale.status).toBe(409);
    expect(sale.body.error.code).toBe('cash.session-not-open');
    const close = await post(`/sessions/${session.sessionId}/close`, { countedCash: 10 });
    expect(close.status).toBe(409);
    expect(close.body.error.code).toBe('cash.session-not-open');
  });

  it('requires a comment above a 0.01 € variance and keeps the session open when refused', async () => {
    const session = await open(register(), 50);
    const refused = await post(`/sessions/${session.sessionId}/close`, { countedCash: 49.98 });
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('cash.comment-required');
    expect((await call('GET', `/sessions/${session.sessionId}`)).body.status).toBe('open');

    const oneCent = await post(`/sessions/${session.sessionId}/close`, { countedCash: 49.99 });
    expect(oneCent.status).toBe(200);
    expect(oneCent.body).toMatchObject({ variance: -0.01, expectedCash: 50 });
    expect(oneCent.body).not.toHaveProperty('comment');
  });

  it('records a session at the times a register that was offline gives (at), on the API and as occurredAt', async () => {
    const day = Date.now() - 3 * 86_400_000;
    const at = (hours: number) => new Date(day + hours * 3_600_000).toISOString();
    const registerId = register();
    const opened = await post('/sessions', { siteId: 'site-1', registerId, operatorId: 'op-7', openingAmount: 80, at: at(0) });
    expect(opened.status).toBe(201);
    expect(opened.body.openedAt).toBe(at(0));
    const sessionId = opened.body.sessionId as string;
    const sale = await post(`/sessions/${sessionId}/sales`, { amount: 12.5, paymentMethod: 'cash', itemCount: 1, at: at(2.5) });
    expect(sale.status).toBe(201);
    expect(sale.body.recordedAt).toBe(at(2.5));
    const closed = await post(`/sessions/${sessionId}/close`, { countedCash: 92.5, at: at(9) });
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({ openedAt: at(0), closedAt: at(9), variance: 0 });

    await waitForEvent(env.bus, 'CASH', (e) => e.type === 'cash.session.closed' && e.data.sessionId === sessionId);
    const events = await eventsOf(sessionId);
    expect(events.map((f) => [f.event.type, f.event.occurredAt])).toEqual([
      ['cash.session.opened', at(0)],
      ['cash.sale.recorded', at(2.5)],
      ['cash.session.closed', at(9)],
    ]);
  });

  it('refuses an at more than 5 min ahead, more than 35 days old or malformed (400), and before the opening (422)', async () => {
    const registerId = register();
    const minutes = (n: number) => new Date(Date.now() + n * 60_000).toISOString();
    const open = (at: unknown) => post('/sessions', { siteId: 'site-1', registerId, operatorId: 'op-7', openingAmount: 10, at });
    for (const at of [minutes(6), minutes(-36 * 24 * 60), '2026-11-30 09:00', '2026-11-30T09:00:00']) {
      const res = await open(at);
      expect({ at, status: res.status, code: res.body.error?.code }).toEqual({ at, status: 400, code: 'validation.failed' });
      expect(res.body.error.message).toContain('body.at');
    }
    const opened = await open(minutes(-60));
    expect(opened.status).toBe(201);
    const sessionId = opened.body.sessionId as string;

    const early = await post(`/sessions/${sessionId}/sales`, { amount: 1, paymentMethod: 'card', itemCount: 1, at: minutes(-61) });
    expect(early).toEqual({
      status: 422,
      body: { error: { code: 'cash.before-opening', message: 'a sale or a closing cannot happen before its session was opened' } },
    });
    expect((await post(`/sessions/${sessionId}/close`, { countedCash: 10, at: minutes(-61) })).body.error.code).toBe('cash.before-opening');
    expect((await post(`/sessions/${sessionId}/close`, { countedCash: 10, at: minutes(7) })).status).toBe(400);
    expect((await call('GET', `/sessions/${sessionId}`)).body).toMatchObject({ status: 'open', salesCount: 0 });

    // A client clock a little ahead is tolerated.
    expect((await post(`/sessions/${sessionId}/close`, { countedCash: 10, at: minutes(4) })).status).toBe(200);
    await waitForEvent(env.bus, 'CASH', (e) => e.type === 'cash.session.closed' && e.data.sessionId === sessionId);
    expect((await eventsOf(sessionId)).map((f) => f.event.type)).toEqual(['cash.session.opened', 'cash.session.closed']);
  });

  it('refuses negative, over-precise and malformed input with 400 validation.failed naming each field', async () => {
    const session = await open(register(), 10);
    const negative = await post(`/sessions/${session.sessionId}/sales`, { amount: -5, paymentMethod: 'cash', itemCount: 1 });
    expect(negative.status).toBe(400);
    expect(negative.body.error).toMatchObject({ code: 'validation.failed', message: expect.stringContaining('body.amount') });

    const precise = await post(`/sessions/${session.sessionId}/sales`, { amount: 1.005, paymentMethod: 'bitcoin', itemCount: 1.5 });
    expect(precise.status).toBe(400);
    for (const field of ['body.amount', 'body.paymentMethod', 'body.itemCount']) {
      expect(precise.body.error.message).toContain(field);
    }

    const badOpen = await post('/sessions', { siteId: 'site 1', registerId: 'a.b', operatorId: 'op-1', openingAmount: 10.123 });
    expect(badOpen.status).toBe(400);
    for (const field of ['body.siteId', 'body.registerId', 'body.openingAmount']) {
      expect(badOpen.body.error.message).toContain(field);
    }
    expect((await post(`/sessions/${session.sessionId}/close`, { countedCash: -1 })).status).toBe(400);
    expect((await post('/sessions', { siteId: 'site-1' })).body.error.message).toContain('body.openingAmount');

    // only the opening reached the stream: refused requests emit nothing
    await waitForEvent(env.bus, 'CASH', (e) => e.type === 'cash.session.opened' && e.data.sessionId === session.sessionId);
    expect((await eventsOf(session.sessionId)).map((f) => f.event.type)).toEqual(['cash.session.opened']);
    expect((await call('GET', `/sessions/${session.sessionId}`)).body).toMatchObject({ salesCount: 0, totalSales: 0 });
  });
});
