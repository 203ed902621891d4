import { Body, Controller, Get, Module, Post } from '@nestjs/common';
import { z } from 'zod';
import { DomainError } from './domain-error';
import { HealthModule } from './health.module';
import { startNestService, type RunningService } from './start-nest-service';
import { ZodBody, ZodParam } from './zod-body';

const Sale = z.object({ amount: z.number().nonnegative(), method: z.enum(['cash', 'card']) }).strict();

@Controller('things')
class ThingsController {
  @Post()
  create(@ZodBody(Sale) body: z.infer<typeof Sale>) {
    return { received: body };
  }

  @Get(':id')
  get(@ZodParam('id', z.string().regex(/^[a-z]+$/)) id: string) {
    if (id === 'busy') throw new DomainError('thing.busy', 'the thing is busy', 409);
    if (id === 'crash') throw new Error('secret stack detail');
    if (id === 'zod') z.object({ n: z.number() }).parse({ n: 'x' });
    return { id };
  }

  @Post('raw')
  raw(@Body() body: unknown) {
    return body;
  }
}

@Module({ imports: [HealthModule.forRoot({ service: 'errors-test', nats: false, postgres: false })], controllers: [ThingsController] })
class ErrorsTestModule {}

describe('startNestService + HttpErrorFilter', () => {
  let svc: RunningService;
  beforeAll(async () => {
    svc = await startNestService(ErrorsTestModule, { name: 'errors-test', port: 0, logLevel: 'fatal' });
  });
  afterAll(() => svc.stop());

  const post = (path: string, body: string) =>
    fetch(`${svc.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });

  it('listens on a free port and answers live', async () => {
    expect(svc.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const res = await fetch(`${svc.url}/health/live`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });

  it('passes a valid body through the zod schema', async () => {
    const res = await post('/things', JSON.stringify({ amount: 2, method: 'card' }));
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({ received: { amount: 2, method: 'card' } });
  });

  it('lists every bad field in one 400 validation.failed', async () => {
    const res = await post('/things', JSON.stringify({ amount: -1, method: 'gold', extra: 1 }));
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.error.code).toBe('validation.failed');
    expect(body.error.message).toContain('body.amount');
    expect(body.error.message).toContain('body.method');
    expect(body.error.message).toContain('extra');
    expect(Object.keys(body)).toEqual(['error']);
  });

  it('validates route params', async () => {
    const res = await fetch(`${svc.url}/things/NOT-OK`);
    expect(res.status).toBe(400);
    expect((await res.json()).error).toMatchObject({ code: 'validation.failed', message: expect.stringContaining('id') });
  });

  it('maps a DomainError to its status and code', async () => {
    const res = await fetch(`${svc.url}/things/busy`);
    expect(res.status).toBe(409);
    expect(await res.json()).toEqual({ error: { code: 'thing.busy', message: 'the thing is busy' } });
  });

  it('maps a stray ZodError to 400 validation.failed', async () => {
    const res = await fetch(`${svc.url}/things/zod`);
    expect(res.status).toBe(400);
    expect((await res.json()).error).toMatchObject({ code: 'validation.failed', message: expect.stringContaining('n:') });
  });

  it('hides unknown errors behind a 500 internal', async () => {
    const res = await fetch(`${svc.url}/things/crash`);
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(JSON.parse(text)).toEqual({ error: { code: 'internal', message: 'internal error' } });
    expect(text).not.toContain('secret');
  });

  it('answers an unknown route with 404 not-found', async () => {
    const res = await fetch(`${svc.url}/nowhere`);
    expect(res.status).toBe(404);
    expect((await res.json()).error.code).toBe('not-found');
  });

  it('answers a malformed JSON body with 400 request.malformed-json', async () => {
    const res = await post('/things/raw', '{"amount": ');
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: { code: 'request.malformed-json', message: 'request body is not valid JSON' } });
  });

  it('counts requests by route pattern in its own registry', async () => {
    const text = await (await fetch(`${svc.url}/metrics`)).text();
    expect(text).toMatch(/vigie_http_requests_total\{[^}]*method="GET",route="\/things\/:id",status="409"[^}]*\} 1/);
    expect(text).toMatch(/vigie_http_requests_total\{[^}]*route="unmatched",status="404"[^}]*\} 1/);
    expect(text).toContain('service="errors-test"');
    expect(text).toContain('process_cpu_user_seconds_total');
  });
});
