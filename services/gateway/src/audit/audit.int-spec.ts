import { createEvent, eventSubject, type AnyEvent, type AuditEventLine, type AuditLogResponse, type LoginResponse } from '@vigie/contracts';
import type { RunningService } from '@vigie/health';
import { EventPublisher, publishDeadLetter } from '@vigie/messaging';
import { testEnvironment, type TestEnvironment } from '@vigie/testing';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startGateway } from '../app';
import { authEnv, BOOTSTRAP, call, logIn } from '../auth/int-spec-support';

interface ErrorBody {
  error: { code: string; message: string };
}

const FROM = '2026-11-02T00:00:00.000Z';
const TO = '2026-11-09T00:00:00.000Z';
const at = (days: number) => new Date(Date.parse(FROM) + days * 86_400_000).toISOString();

const sale = (n: number, occurredAt: string) =>
  createEvent(
    'cash.sale.recorded',
    { sessionId: 'sess-1', registerId: 'caisse-1', saleId: `sale-${n}`, amount: 2.5, paymentMethod: 'cash', itemCount: 1 },
    { source: 'cash', siteId: 'site-1', occurredAt },
  );

/** A stand-in for the anomaly service's `POST /replays`: what it received, and NDJSON or JSON back. */
class ReplaysStub {
  received: { accept?: string; body: unknown }[] = [];
  private server!: Server;

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      let text = '';
      req.on('data', (c) => (text += c));
      req.on('end', () => {
        const body = JSON.parse(text) as { rules?: { ruleId: string }[] };
        this.received.push({ accept: req.headers.accept, body });
        if (body.rules?.some((r) => r.ruleId === 'cash.nothing')) {
          res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { code: 'rule.not-found', message: 'no rule cash.nothing' } }));
          return;
        }
        if (req.headers.accept?.includes('application/x-ndjson')) {
          res.writeHead(200, { 'content-type': 'application/x-ndjson; charset=utf-8' });
          res.write(`${JSON.stringify({ type: 'progress', read: 1, total: 2, events: 1 })}\n`);
          setTimeout(() => res.end(`${JSON.stringify({ type: 'result', result: { diff: { empty: true } } })}\n`), 50);
          return;
        }
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ diff: { empty: true } }));
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  stop(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

describe('audit API (real gateway, NATS, Postgres)', () => {
  let env: TestEnvironment;
  let gateway: RunningService;
  let admin: LoginResponse;
  const stub = new ReplaysStub();
  const published: { event: AnyEvent; seq: number }[] = [];

  beforeAll(async () => {
    env = await testEnvironment({ name: 'audit-test' });
    gateway = await startGateway({ ...env.env, ...authEnv(), GATEWAY_PORT: '0', LOG_LEVEL: 'error', ANOMALY_URL: await stub.start() });
    admin = await logIn(gateway.url, BOOTSTRAP.login, BOOTSTRAP.password);
    const publisher = new EventPublisher(env.bus);
    // Before, inside and after the range; then one closing inside it.
    const events: AnyEvent[] = [sale(0, at(-1)), ...Array.from({ length: 1200 }, (_, i) => sale(i + 1, at(1 + i / 1000))), sale(9999, at(8))];
    events.push(
      createEvent(
        'cash.session.closed',
        { sessionId: 'sess-1', registerId: 'caisse-1', operatorId: 'op-1', openingAmount: 100, cashSales: 5, expectedCash: 105, countedCash: 105, variance: 0, totalSales: 5, salesCount: 2 },
        { source: 'cash', siteId: 'site-1', occurredAt: at(3) },
      ),
    );
    for (const event of events) published.push({ event, seq: (await publisher.publish(event)).seq });
    // A message that breaks its contract, stored on CASH all the same.
    await env.bus.js.publish(eventSubject(env.bus.topo, sale(5000, at(2))), 'not json');
  }, 60_000);

  afterAll(async () => {
    await gateway?.stop();
    await stub.stop();
    await env?.cleanup();
  });

  const get = <T>(path: string, token: string | undefined = admin.token) => call<T>(gateway.url, 'GET', path, { token });

  /** `call` parses a body of one JSON line as JSON: one line is then already an object. */
  function lines(text: unknown): AuditEventLine[] {
    if (typeof text !== 'string') return [text as AuditEventLine];
    return text.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as AuditEventLine);
  }

  it.each([
    ['GET', '/api/audit/events?stream=CASH&from=2026-11-02&to=2026-11-09'],
    ['GET', '/api/audit/events/CASH/1'],
    ['POST', '/api/audit/replays'],
    ['GET', '/api/audit/log'],
  ])('%s %s: 401 without a token or with a bad one', async (method, path) => {
    for (const token of [undefined, 'not-a-token']) {
      const res = await call<ErrorBody>(gateway.url, method, path, { token, body: method === 'POST' ? { from: FROM, to: TO } : undefined });
      expect([res.status, res.body.error.code]).toEqual([401, 'auth.unauthorized']);
    }
  });

  it('streams the events of the range as NDJSON, in stream order, with sequence, subject and storage time', async () => {
    const res = await get<string>(`/api/audit/events?stream=CASH&from=${FROM}&to=${TO}`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/x-ndjson/);
    const got = lines(res.body);
    const inRange = published.filter((p) => p.event.occurredAt >= FROM && p.event.occurredAt < TO);
    const valid = got.filter((l) => l.event);
    expect(valid.map((l) => l.seq)).toEqual(inRange.map((p) => p.seq));
    expect(valid[0]).toEqual({
      stream: 'CASH',
      seq: inRange[0].seq,
      subject: eventSubject(env.bus.topo, inRange[0].event),
      time: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
      event: JSON.parse(JSON.stringify(inRange[0].event)),
    });
    // The broken message is listed (its event time is unknown), with why it cannot be read.
    expect(got.filter((l) => l.error)).toEqual([expect.objectContaining({ stream: 'CASH', error: expect.any(String) })]);
    expect(got.map((l) => l.seq)).toEqual([...got.map((l) => l.seq)].sort((a, b) => a - b));
  });

  it('filters by subject and stops at the limit', async () => {
    const closed = await get<string>(`/api/audit/events?stream=CASH&subject=cash.session.closed.>&from=${FROM}&to=${TO}`);
    expect(lines(closed.body).map((l) => l.event?.type)).toEqual(['cash.session.closed']);
    const first = await get<string>(`/api/audit/events?stream=CASH&from=${FROM}&to=${TO}&limit=3`);
    expect(lines(first.body)).toHaveLength(3);
  });

  it.each([
    ['an unknown stream', 'stream=BANK&from=2026-11-02&to=2026-11-09', 'validation.failed'],
    ['from after to', 'stream=CASH&from=2026-11-09&to=2026-11-02', 'validation.failed'],
    ['no range', 'stream=CASH', 'validation.failed'],
    ['a date that does not exist', 'stream=CASH&from=2026-02-30&to=2026-11-02', 'validation.failed'],
    ['a subject of another stream', 'stream=CASH&subject=sync.>&from=2026-11-02&to=2026-11-09', 'audit.subject-outside-stream'],
    ['an unknown parameter', 'stream=CASH&from=2026-11-02&to=2026-11-09&where=1', 'validation.failed'],
  ])('400 for %s', async (_what, query, code) => {
    const res = await get<ErrorBody>(`/api/audit/events?${query}`);
    expect([res.status, res.body.error.code]).toEqual([400, code]);
    expect(typeof res.body.error.message).toBe('string');
  });

  it('reads DEADLETTER records by the time they were dead-lettered', async () => {
    const record = {
      stream: 'CASH',
      durable: 'anomaly-detectors',
      subject: 'recyclic.cash.sale.recorded.site-1.caisse-1',
      seq: 7,
      deliveryCount: 1,
      reason: 'invalid event',
      kind: 'invalid' as const,
      payloadBase64: Buffer.from('{}').toString('base64'),
      payloadTruncated: false,
      deadLetteredAt: at(2),
    };
    await publishDeadLetter(env.bus, record);
    await publishDeadLetter(env.bus, { ...record, seq: 8, deadLetteredAt: at(10) });
    const res = await get<string>(`/api/audit/events?stream=DEADLETTER&from=${FROM}&to=${TO}`);
    expect(res.status).toBe(200);
    expect(lines(res.body)).toEqual([expect.objectContaining({ stream: 'DEADLETTER', seq: expect.any(Number), event: record })]);
  });

  it('reads one stored event; 404 when the sequence holds none; 400 for a bad stream', async () => {
    const { event, seq } = published[5];
    const one = await get<AuditEventLine>(`/api/audit/events/CASH/${seq}`);
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({ stream: 'CASH', seq, event: { id: event.id } });
    expect((await get<ErrorBody>('/api/audit/events/CASH/999999')).body.error.code).toBe('audit.event-not-found');
    expect((await get('/api/audit/events/CASH/999999')).status).toBe(404);
    expect((await get('/api/audit/events/BANK/1')).status).toBe(400);
  });

  it('relays a replay to the anomaly service, as JSON or streamed NDJSON, and its refusals', async () => {
    const body = { from: '2026-11-02', to: '2026-11-09', rules: [{ ruleId: 'cash.variance', params: { warningAbove: 20 } }] };
    const json = await call<{ diff: { empty: boolean } }>(gateway.url, 'POST', '/api/audit/replays', { token: admin.token, body });
    expect([json.status, json.body.diff.empty]).toEqual([200, true]);
    expect(stub.received.at(-1)?.body).toEqual({ from: FROM, to: TO, warmupHours: 168, rules: [{ ruleId: 'cash.variance', scope: {}, params: { warningAbove: 20 } }] });
    const streamed = await call<string>(gateway.url, 'POST', '/api/audit/replays', { token: admin.token, body, headers: { accept: 'application/x-ndjson' } });
    expect(streamed.headers['content-type']).toMatch(/^application\/x-ndjson/);
    expect(String(streamed.body).trim().split('\n').map((l) => (JSON.parse(l) as { type: string }).type)).toEqual(['progress', 'result']);
    const refused = await call<ErrorBody>(gateway.url, 'POST', '/api/audit/replays', { token: admin.token, body: { ...body, rules: [{ ruleId: 'cash.nothing' }] } });
    expect([refused.status, refused.body.error.code]).toEqual([404, 'rule.not-found']);
    const bad = await call<ErrorBody>(gateway.url, 'POST', '/api/audit/replays', { token: admin.token, body: { from: TO, to: FROM } });
    expect([bad.status, bad.body.error.code]).toEqual([400, 'validation.failed']);
  });

  it('logs every audit request: account id, action, range, status — never the login', async () => {
    const before = (await get<AuditLogResponse>('/api/audit/log?limit=1')).body.items[0]?.id ?? 0;
    await get(`/api/audit/events?stream=CASH&subject=cash.sale.>&from=${FROM}&to=${TO}&limit=1`);
    await get('/api/audit/events?stream=CASH&from=2026-11-09&to=2026-11-02');
    await call(gateway.url, 'POST', '/api/audit/replays', { token: admin.token, body: { from: FROM, to: TO } });
    const log = await get<AuditLogResponse>('/api/audit/log?limit=10');
    expect(log.status).toBe(200);
    const mine = log.body.items.filter((e) => e.id > before);
    expect(mine.map((e) => [e.action, e.status])).toEqual([
      ['replay', 200],
      ['events', 400],
      ['events', 200],
    ]);
    expect(mine[2]).toMatchObject({ accountId: admin.account.id, stream: 'CASH', from: FROM, to: TO, details: { subject: 'cash.sale.>', limit: 1 } });
    expect(mine[0]).toMatchObject({ accountId: admin.account.id, from: FROM, to: TO, details: { warmupHours: 168, rules: [] } });
    expect(JSON.stringify(log.body)).not.toContain(BOOTSTRAP.login);
    const older = await get<AuditLogResponse>(`/api/audit/log?limit=2&before=${mine[0].id}`);
    expect(older.body.items.map((e) => e.id)).toEqual([mine[1].id, mine[2].id]);
  });
});
