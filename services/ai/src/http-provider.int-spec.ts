import type { RunningService } from '@vigie/health';
import { collectEvents, randomToken, testEnvironment, waitForEvent, type TestEnvironment } from '@vigie/testing';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startAi } from './app';

/** A classification service on a local port: answers as each test scripts it, and records what it got. */
class FakeModelServer {
  readonly received: { headers: IncomingMessage['headers']; body: Record<string, unknown> }[] = [];
  respond: (res: ServerResponse) => void = () => undefined;
  private readonly server: Server;
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor() {
    this.server = createServer((req, res) => {
      let raw = '';
      req.on('data', (chunk) => (raw += chunk));
      req.on('end', () => {
        this.received.push({ headers: req.headers, body: JSON.parse(raw) });
        this.respond(res);
      });
    });
  }

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/v1/classify`;
  }

  json(status: number, body: unknown, delayMs = 0): void {
    this.respond = (res) => {
      const send = () => res.writeHead(status, { 'content-type': 'application/json' }).end(typeof body === 'string' ? body : JSON.stringify(body));
      if (delayMs === 0) return send();
      const timer = setTimeout(send, delayMs);
      this.timers.add(timer);
      res.on('close', () => clearTimeout(timer));
    };
  }

  async stop(): Promise<void> {
    for (const t of this.timers) clearTimeout(t);
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }
}

const TIMEOUT_MS = 300;

describe('ai service with an http provider behind the breaker (real NATS + Postgres + a local model server)', () => {
  let env: TestEnvironment;
  let model: FakeModelServer;
  let providerUrl: string;
  const running: RunningService[] = [];

  beforeAll(async () => {
    env = await testEnvironment({ name: 'ai-http-test', streams: ['AI'] });
    model = new FakeModelServer();
    providerUrl = await model.start();
  });

  afterAll(async () => {
    for (const svc of running) await svc.stop();
    await model?.stop();
    await env?.cleanup();
  });

  beforeEach(() => {
    model.received.length = 0;
  });

  const boot = async (extra: Record<string, string> = {}) => {
    const svc = await startAi({
      ...env.env,
      AI_PORT: '0',
      LOG_LEVEL: 'error',
      AI_PROVIDER: 'http',
      AI_PROVIDER_URL: providerUrl,
      AI_PROVIDER_MODEL: 'vision-test',
      AI_PROVIDER_TOKEN: 'tok-123',
      AI_TIMEOUT_MS: String(TIMEOUT_MS),
      AI_OUTBOX_INTERVAL_MS: '100',
      ...extra,
    });
    running.push(svc);
    return svc;
  };
  let shared: RunningService | undefined;
  // Few enough failures here that this instance's breaker stays closed (the breaker has its own test).
  const ai = async () => (shared ??= await boot({ AI_BREAKER_VOLUME: '50' }));

  const classify = async (svc: RunningService, description: string) => {
    const depositId = `depot-${randomToken(8)}`;
    const res = await fetch(`${svc.url}/classifications`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ depositId, siteId: 'site-2', description }),
    });
    expect(res.status).toBe(201);
    return (await res.json()) as Record<string, any>;
  };
  const eventsOf = async (requestId: string) => {
    await waitForEvent(env.bus, 'AI', (e) => e.type === 'ai.classification.completed' && e.data.requestId === requestId);
    return (await collectEvents(env.bus, 'AI')).filter((f) => (f.event.data as { requestId?: string }).requestId === requestId);
  };
  const readiness = async (svc: RunningService) => (await fetch(`${svc.url}/health/ready`)).json();

  it("answers with the provider's classification, sending it the description, and publishes for its model", async () => {
    model.json(200, { category: 'tools', confidence: 0.93, alternatives: [{ category: 'small_appliance', confidence: 0.04 }] });
    const svc = await ai();
    const res = await classify(svc, 'perceuse à percussion');
    expect(res).toMatchObject({ category: 'tools', confidence: 0.93, model: 'vision-test', fallback: false });
    expect(res.alternatives).toEqual([{ category: 'small_appliance', confidence: 0.04 }]);
    expect(res).not.toHaveProperty('failure');
    expect(model.received).toHaveLength(1);
    expect(model.received[0].headers.authorization).toBe('Bearer tok-123');
    expect(model.received[0].body).toEqual({ model: 'vision-test', description: 'perceuse à percussion' });

    const events = await eventsOf(res.classificationId);
    expect(events.map((f) => [f.event.type, f.subject])).toEqual([
      ['ai.classification.completed', `recyclic-${env.namespace}.ai.classification.completed.site-2.vision-test`],
    ]);
    expect(events[0].event.data).toMatchObject({ model: 'vision-test', category: 'tools', confidence: 0.93, latencyMs: res.latencyMs });
  });

  it('falls back to the local rules when the provider is slower than AI_TIMEOUT_MS: failed (ai.timeout) then completed', async () => {
    model.json(200, { category: 'toys', confidence: 0.99 }, 1500);
    const svc = await ai();
    const res = await classify(svc, 'frigo américain');
    expect(res).toMatchObject({
      category: 'large_appliance',
      model: 'local-rules-v1',
      fallback: true,
      failure: { model: 'vision-test', code: 'ai.timeout' },
    });
    expect(res.latencyMs).toBeGreaterThanOrEqual(TIMEOUT_MS - 5);
    expect(res.latencyMs).toBeLessThan(1500);

    const events = await eventsOf(res.classificationId);
    expect(events.map((f) => f.event.type)).toEqual(['ai.classification.failed', 'ai.classification.completed']);
    const [failed, completed] = events;
    expect(failed.subject).toBe(`recyclic-${env.namespace}.ai.classification.failed.site-2.vision-test`);
    expect(failed.event.data).toEqual({
      depositId: res.depositId,
      requestId: res.classificationId,
      model: 'vision-test',
      latencyMs: expect.any(Number),
      error: { code: 'ai.timeout', message: `no answer within ${TIMEOUT_MS} ms` },
    });
    expect((failed.event.data as { latencyMs: number }).latencyMs).toBeGreaterThanOrEqual(TIMEOUT_MS - 5);
    expect(completed.subject).toBe(`recyclic-${env.namespace}.ai.classification.completed.site-2.local-rules-v1`);
    expect(completed.event.data).toMatchObject({ model: 'local-rules-v1', category: 'large_appliance', latencyMs: res.latencyMs });
    expect(failed.event.correlationId).toBe(res.classificationId);
  });

  it('dates a fallback classification by the given at, its provider failure just before it, and calls no provider for a refused at', async () => {
    model.json(503, { error: 'overloaded' });
    const svc = await ai();
    const post = (body: Record<string, unknown>) =>
      fetch(`${svc.url}/classifications`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const refused = await post({ depositId: 'depot-late', siteId: 'site-2', description: 'ampoules', at: new Date(Date.now() + 3_600_000).toISOString() });
    expect(refused.status).toBe(400);
    expect(model.received).toHaveLength(0);

    const at = new Date(Date.now() - 86_400_000).toISOString();
    const res = await post({ depositId: `depot-${randomToken(8)}`, siteId: 'site-2', description: 'ampoules', at });
    expect(res.status).toBe(201);
    const body = (await res.json()) as Record<string, any>;
    expect(body).toMatchObject({ classifiedAt: at, fallback: true, failure: { code: 'ai.provider-error' } });
    const [failed, completed] = await eventsOf(body.classificationId);
    expect([failed.event.type, completed.event.type]).toEqual(['ai.classification.failed', 'ai.classification.completed']);
    expect(completed.event.occurredAt).toBe(at);
    const before = Date.parse(at) - Date.parse(failed.event.occurredAt);
    expect(before).toBeGreaterThanOrEqual(0);
    expect(before).toBeLessThanOrEqual(body.latencyMs + 5);
  });

  it.each([
    ['a body that is not JSON', () => model.json(200, 'Internal error <br>'), 'provider answer is not valid JSON'],
    ['an answer outside the contract', () => model.json(200, { category: 'furniture', confidence: 2 }), 'provider answer is invalid'],
  ])('falls back with ai.provider-error on %s', async (_what, script, message) => {
    script();
    const svc = await ai();
    const res = await classify(svc, 'ampoules');
    expect(res).toMatchObject({ category: 'lighting', model: 'local-rules-v1', fallback: true, failure: { code: 'ai.provider-error' } });
    const [failed] = await eventsOf(res.classificationId);
    expect(failed.event.type).toBe('ai.classification.failed');
    expect(failed.event.data).toMatchObject({ model: 'vision-test', error: { code: 'ai.provider-error', message: expect.stringContaining(message) } });
  });

  it('opens the breaker after repeated 500s, then falls back at once without calling the provider, and closes when it recovers', async () => {
    const svc = await boot({ AI_BREAKER_VOLUME: '3', AI_BREAKER_ERROR_PERCENT: '50', AI_BREAKER_RESET_MS: '1500' });
    model.json(500, { error: 'overloaded' });
    for (let i = 0; i < 3; i++) {
      const res = await classify(svc, 'tensiomètre');
      expect(res.failure).toEqual({ model: 'vision-test', code: 'ai.provider-error' });
    }
    expect(model.received).toHaveLength(3);

    const open = await classify(svc, 'tensiomètre');
    expect(open).toMatchObject({ category: 'medical_devices', model: 'local-rules-v1', fallback: true, failure: { code: 'ai.circuit-open' } });
    expect(open.latencyMs).toBeLessThan(TIMEOUT_MS);
    expect(model.received).toHaveLength(3);
    const [failed] = await eventsOf(open.classificationId);
    expect(failed.event.data).toMatchObject({
      model: 'vision-test',
      error: { code: 'ai.circuit-open', message: 'circuit breaker open: the provider was not called' },
    });
    expect((failed.event.data as { latencyMs: number }).latencyMs).toBeLessThan(50);

    const ready = await readiness(svc);
    expect(ready.status).toBe('ok');
    expect(ready.details['breaker:vision-test']).toEqual({ status: 'up', state: 'open', fallbackModel: 'local-rules-v1' });
    const metrics = await fetch(`${svc.url}/metrics`).then((r) => r.text());
    expect(metrics).toMatch(/vigie_ai_breaker_state\{model="vision-test",state="open",service="ai"\} 1/);
    expect(metrics).toMatch(/vigie_ai_provider_failures_total\{model="vision-test",code="ai.circuit-open",service="ai"\} 1/);

    model.json(200, { category: 'medical_devices', confidence: 0.97 });
    await new Promise((r) => setTimeout(r, 1600));
    expect((await readiness(svc)).details['breaker:vision-test'].state).toBe('half-open');
    const recovered = await classify(svc, 'tensiomètre');
    expect(recovered).toMatchObject({ model: 'vision-test', fallback: false, confidence: 0.97 });
    expect((await readiness(svc)).details['breaker:vision-test'].state).toBe('closed');
  });

  it('never writes the description to its logs, even at verbose level and on failures', async () => {
    const marker = `Mme-Lefebvre-${randomToken(6)}`;
    const lines: string[] = [];
    const capture = (chunk: unknown) => {
      lines.push(String(chunk));
      return true;
    };
    const out = jest.spyOn(process.stdout, 'write').mockImplementation(capture);
    const err = jest.spyOn(process.stderr, 'write').mockImplementation(capture);
    try {
      const svc = await boot({ LOG_LEVEL: 'verbose', AI_BREAKER_VOLUME: '1', AI_BREAKER_RESET_MS: '60000' });
      model.json(502, { error: marker });
      await classify(svc, `frigo de ${marker}`);
      await classify(svc, `frigo de ${marker}`);
      await svc.stop();
    } finally {
      out.mockRestore();
      err.mockRestore();
    }
    expect(lines.join('')).toContain('breaker of vision-test is open');
    expect(lines.filter((l) => l.includes(marker))).toEqual([]);
  });
});
