import type { AnyEvent } from '@vigie/contracts';
import type { RunningService } from '@vigie/health';
import { collectEvents, randomToken, testEnvironment, waitForEvent, type TestEnvironment } from '@vigie/testing';
import { startAi } from './app';

describe('ai service with the local rules (real NATS + Postgres)', () => {
  let env: TestEnvironment;
  let ai: RunningService;

  beforeAll(async () => {
    env = await testEnvironment({ name: 'ai-test', streams: ['AI'] });
    ai = await startAi({ ...env.env, AI_PORT: '0', LOG_LEVEL: 'error' });
  });

  afterAll(async () => {
    await ai?.stop();
    await env?.cleanup();
  });

  const call = async (method: string, path: string, body?: unknown, raw?: string) => {
    const res = await fetch(`${ai.url}${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      ...(raw !== undefined ? { body: raw } : body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, body: text.startsWith('{') ? JSON.parse(text) : text };
  };
  const post = (path: string, body: unknown) => call('POST', path, body);
  const deposit = () => `depot-${randomToken(8)}`;
  const classify = async (description: string, extra: Record<string, unknown> = {}) => {
    const depositId = deposit();
    const res = await post('/classifications', { depositId, siteId: 'site-1', description, ...extra });
    expect(res.status).toBe(201);
    return res.body as { classificationId: string; depositId: string; [k: string]: unknown };
  };
  const eventsOf = async (requestId: string) =>
    (await collectEvents(env.bus, 'AI')).filter((f) => (f.event.data as { requestId?: string }).requestId === requestId);

  it('classifies a deposit with the local rules and publishes ai.classification.completed keyed by model', async () => {
    const depositId = deposit();
    const res = await post('/classifications', {
      depositId,
      siteId: 'site-1',
      description: 'Lave-linge Bosch 7 kg, fonctionne',
      photo: { width: 1280, height: 960, mimeType: 'image/jpeg', sizeBytes: 310_000 },
    });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      classificationId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      depositId,
      siteId: 'site-1',
      category: 'large_appliance',
      confidence: 0.86,
      alternatives: [],
      model: 'local-rules-v1',
      latencyMs: expect.any(Number),
      fallback: false,
      classifiedAt: expect.any(String),
    });
    const id = res.body.classificationId;
    expect((await call('GET', `/classifications/${id}`)).body).toEqual(res.body);

    const { event, subject } = await waitForEvent(
      env.bus,
      'AI',
      (e) => e.type === 'ai.classification.completed' && e.data.requestId === id,
    );
    expect(subject).toBe(`recyclic-${env.namespace}.ai.classification.completed.site-1.local-rules-v1`);
    expect(event).toMatchObject({ source: 'ai', siteId: 'site-1', correlationId: id, occurredAt: res.body.classifiedAt });
    expect(event.data).toEqual({
      depositId,
      requestId: id,
      model: 'local-rules-v1',
      category: 'large_appliance',
      confidence: 0.86,
      latencyMs: res.body.latencyMs,
    });
    expect((await eventsOf(id)).map((f) => f.event.type)).toEqual(['ai.classification.completed']);
  });

  it('carries the alternatives of an unsure answer in the response and the event', async () => {
    const res = await classify('robot');
    expect(res).toMatchObject({
      category: 'small_appliance',
      confidence: 0.45,
      alternatives: [
        { category: 'toys', confidence: 0.45 },
        { category: 'other', confidence: 0.1 },
      ],
    });
    const { event } = await waitForEvent(
      env.bus,
      'AI',
      (e) => e.type === 'ai.classification.completed' && e.data.requestId === res.classificationId,
    );
    expect((event as AnyEvent & { data: { alternatives?: unknown } }).data.alternatives).toEqual(res.alternatives);
  });

  it('records corrections against the answering model, from the current category each time', async () => {
    const res = await classify('lampe et perceuse');
    expect(res.category).toBe('lighting');
    const id = res.classificationId;

    const first = await post(`/classifications/${id}/corrections`, { category: 'tools' });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ classificationId: id, category: 'lighting', correctedCategory: 'tools', correctedAt: expect.any(String) });
    expect((await call('GET', `/classifications/${id}`)).body).toEqual(first.body);

    const again = await post(`/classifications/${id}/corrections`, { category: 'tools' });
    expect(again).toEqual({
      status: 409,
      body: { error: { code: 'ai.same-category', message: 'the classification is already tools' } },
    });
    expect((await post(`/classifications/${id}/corrections`, { category: 'other' })).status).toBe(200);

    await waitForEvent(
      env.bus,
      'AI',
      (e) => e.type === 'ai.classification.corrected' && e.data.requestId === id && e.data.toCategory === 'other',
    );
    const corrections = (await eventsOf(id)).filter((f) => f.event.type === 'ai.classification.corrected');
    expect(corrections.map((f) => f.event.data)).toEqual([
      { depositId: res.depositId, requestId: id, model: 'local-rules-v1', fromCategory: 'lighting', toCategory: 'tools' },
      { depositId: res.depositId, requestId: id, model: 'local-rules-v1', fromCategory: 'tools', toCategory: 'other' },
    ]);
    expect(corrections[0].subject).toBe(`recyclic-${env.namespace}.ai.classification.corrected.site-1.local-rules-v1`);
    expect(corrections[0].event).toMatchObject({ correlationId: id, occurredAt: first.body.correctedAt });
  });

  it('dates a classification and its correction by the at a client gives (offline site), on the API and as occurredAt', async () => {
    const classifiedAt = new Date(Date.now() - 2 * 86_400_000).toISOString();
    const correctedAt = new Date(Date.now() - 2 * 86_400_000 + 600_000).toISOString();
    const depositId = deposit();
    const res = await post('/classifications', { depositId, siteId: 'site-1', description: 'grille-pain', at: classifiedAt });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ classifiedAt, category: 'small_appliance' });
    const id = res.body.classificationId as string;

    const early = await post(`/classifications/${id}/corrections`, { category: 'other', at: new Date(Date.parse(classifiedAt) - 1).toISOString() });
    expect(early).toEqual({
      status: 422,
      body: { error: { code: 'ai.before-classification', message: 'a correction cannot happen before the classification it corrects' } },
    });
    const corrected = await post(`/classifications/${id}/corrections`, { category: 'other', at: correctedAt });
    expect(corrected.status).toBe(200);
    expect(corrected.body).toMatchObject({ classifiedAt, correctedAt, correctedCategory: 'other' });

    await waitForEvent(env.bus, 'AI', (e) => e.type === 'ai.classification.corrected' && e.data.requestId === id);
    expect((await eventsOf(id)).map((f) => [f.event.type, f.event.occurredAt])).toEqual([
      ['ai.classification.completed', classifiedAt],
      ['ai.classification.corrected', correctedAt],
    ]);
  });

  it('refuses an at more than 5 min ahead, more than 35 days old or without offset with 400 naming body.at, and publishes nothing', async () => {
    const depositId = deposit();
    const minutes = (n: number) => new Date(Date.now() + n * 60_000).toISOString();
    for (const at of [minutes(6), minutes(-36 * 24 * 60), '2026-11-30T09:00:00']) {
      const res = await post('/classifications', { depositId, siteId: 'site-1', description: 'frigo', at });
      expect({ at, status: res.status, code: res.body.error?.code }).toEqual({ at, status: 400, code: 'validation.failed' });
      expect(res.body.error.message).toContain('body.at');
    }
    const ok = await post('/classifications', { depositId: deposit(), siteId: 'site-1', description: 'frigo', at: minutes(4) });
    expect(ok.status).toBe(201);
    const id = ok.body.classificationId as string;
    expect((await post(`/classifications/${id}/corrections`, { category: 'other', at: minutes(6) })).status).toBe(400);
    await waitForEvent(env.bus, 'AI', (e) => e.type === 'ai.classification.completed' && e.data.requestId === id);
    const forDeposit = (await collectEvents(env.bus, 'AI')).filter((f) => (f.event.data as { depositId?: string }).depositId === depositId);
    expect(forDeposit).toEqual([]);
    expect((await eventsOf(id)).map((f) => f.event.type)).toEqual(['ai.classification.completed']);
  });

  it('refuses to correct an unknown classification (404) or to an unknown category (400)', async () => {
    expect(await post('/classifications/no-such-id/corrections', { category: 'tools' })).toEqual({
      status: 404,
      body: { error: { code: 'ai.classification-not-found', message: 'no such classification' } },
    });
    expect((await call('GET', '/classifications/no-such-id')).status).toBe(404);
    const res = await classify('perceuse');
    const bad = await post(`/classifications/${res.classificationId}/corrections`, { category: 'furniture' });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: 'validation.failed', message: expect.stringContaining('body.category') });
    expect((await post(`/classifications/${res.classificationId}/corrections`, {})).status).toBe(400);
    expect((await call('GET', '/classifications/bad.id')).status).toBe(400);
  });

  it('refuses malformed requests with 400 naming each field, and publishes nothing for them', async () => {
    const depositId = deposit();
    const refused = [
      { depositId, siteId: 'site-1', description: '' },
      { depositId, siteId: 'site-1', description: '   ' },
      { depositId, siteId: 'site-1', description: 'x'.repeat(2001) },
      { depositId, siteId: 'site 1', description: 'frigo' },
      { depositId, description: 'frigo' },
      { depositId, siteId: 'site-1', description: 'frigo', colour: 'red' },
      { depositId, siteId: 'site-1', description: 'frigo', photo: { width: -1, height: 10, mimeType: 'text/plain', sizeBytes: 10 } },
    ];
    const fields = ['body.description', 'body.description', 'body.description', 'body.siteId', 'body.siteId', 'colour', 'body.photo.width'];
    for (const [i, body] of refused.entries()) {
      const res = await post('/classifications', body);
      expect({ i, status: res.status, code: res.body.error?.code }).toEqual({ i, status: 400, code: 'validation.failed' });
      expect(res.body.error.message).toContain(fields[i]);
    }
    const photo = await post('/classifications', refused[6]);
    expect(photo.body.error.message).toContain('body.photo.mimeType');
    const json = await call('POST', '/classifications', undefined, '{"depositId": ');
    expect(json).toEqual({ status: 400, body: { error: { code: 'request.malformed-json', message: 'request body is not valid JSON' } } });

    const longest = await classify('x'.repeat(2000));
    await waitForEvent(env.bus, 'AI', (e) => e.type === 'ai.classification.completed' && e.data.requestId === longest.classificationId);
    const forDeposit = (await collectEvents(env.bus, 'AI')).filter((f) => (f.event.data as { depositId?: string }).depositId === depositId);
    expect(forDeposit).toEqual([]);
  });

  it('reports the outbox relay and the breaker in /health/ready, and the breaker in /metrics', async () => {
    const ready = await call('GET', '/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body.details).toMatchObject({
      nats: { status: 'up' },
      postgres: { status: 'up' },
      'consumer:ai-outbox-relay': { status: 'up' },
      'breaker:local-rules-v1': { status: 'up', state: 'closed', fallbackModel: 'local-rules-v1' },
    });
    const metrics = await fetch(`${ai.url}/metrics`).then((r) => r.text());
    expect(metrics).toMatch(/vigie_ai_breaker_state\{model="local-rules-v1",state="closed",service="ai"\} 1/);
    expect(metrics).toMatch(/vigie_ai_classifications_total\{model="local-rules-v1",fallback="false",service="ai"\} \d+/);
  });
});
