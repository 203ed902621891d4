import { Module } from '@nestjs/common';
import { MessagingModule, startConsumer, type ConsumerHandle } from '@vigie/messaging';
import { MikroOrmModule } from '@mikro-orm/nestjs';
import { PostgreSqlDriver } from '@mikro-orm/postgresql';
import { testEnvironment, type TestEnvironment } from '@vigie/testing';
import { ConsumerRegistry } from './consumer-registry';
import { HealthModule } from './health.module';
import { MetricsService } from './metrics.service';
import { startNestService, type RunningService } from './start-nest-service';

describe('HealthModule against the real NATS and Postgres', () => {
  let env: TestEnvironment;
  let svc: RunningService;
  let consumer: ConsumerHandle;

  beforeAll(async () => {
    env = await testEnvironment({ name: 'health-test', streams: ['OPS'] });
    @Module({
      imports: [
        MessagingModule.forRoot({ url: env.env.NATS_URL, namespace: env.namespace, name: 'tiny', streams: [] }),
        // The ORM directly: @vigie/persistence depends on this lib, so its test must not depend on it.
        MikroOrmModule.forRoot({
          driver: PostgreSqlDriver,
          clientUrl: env.database.url,
          entities: [],
          discovery: { warnWhenNoEntities: false },
          allowGlobalContext: false,
        }),
        HealthModule.forRoot({ service: 'tiny', timeoutMs: 1000 }),
      ],
    })
    class TinyModule {}
    svc = await startNestService(TinyModule, { name: 'tiny', port: 0, logLevel: 'fatal' });
    consumer = await startConsumer(env.bus, { stream: 'OPS', durable: 'tiny-ticks', handler: () => undefined });
    svc.app.get(ConsumerRegistry).register('tiny-ticks', consumer);
  });

  afterAll(async () => {
    await consumer?.stop();
    await svc?.stop();
    await env?.cleanup();
  });

  const ready = async () => {
    const res = await fetch(`${svc.url}/health/ready`);
    return { status: res.status, body: await res.json() };
  };

  it('is live', async () => {
    const res = await fetch(`${svc.url}/health/live`);
    expect(res.status).toBe(200);
  });

  it('is ready when NATS, Postgres and every consumer are up', async () => {
    const { status, body } = await ready();
    expect(status).toBe(200);
    expect(body.status).toBe('ok');
    expect(body.details).toEqual({
      nats: expect.objectContaining({ status: 'up', rttMs: expect.any(Number) }),
      postgres: expect.objectContaining({ status: 'up' }),
      'consumer:tiny-ticks': { status: 'up', pending: 0 },
    });
  });

  it('exposes its own metrics, counters included', async () => {
    svc.app.get(MetricsService).eventsConsumed.inc({ stream: 'OPS', durable: 'tiny-ticks' });
    const res = await fetch(`${svc.url}/metrics`);
    expect(res.headers.get('content-type')).toContain('text/plain');
    const text = await res.text();
    expect(text).toContain('vigie_events_consumed_total{stream="OPS",durable="tiny-ticks",service="tiny"} 1');
    expect(text).toContain('# TYPE vigie_handler_errors_total counter');
    expect(text).toMatch(/vigie_http_requests_total\{method="GET",route="\/health\/ready",status="200",service="tiny"\} \d/);
  });

  it('is not ready (503, terminus format) while a consumer is stopped', async () => {
    const other = await startConsumer(env.bus, { stream: 'OPS', durable: 'tiny-other', handler: () => undefined });
    svc.app.get(ConsumerRegistry).register('tiny-other', other);
    await other.stop();
    const { status, body } = await ready();
    svc.app.get(ConsumerRegistry).unregister('tiny-other');
    expect(status).toBe(503);
    expect(body.status).toBe('error');
    expect(body.error).toEqual({ 'consumer:tiny-other': { status: 'down', message: 'not running', pending: 0 } });
    expect(body.info).toHaveProperty('postgres.status', 'up');
  });

  it('is not ready (503) once its database is gone', async () => {
    await env.database.drop();
    const { status, body } = await ready();
    expect(status).toBe(503);
    expect(body).toMatchObject({
      status: 'error',
      error: { postgres: { status: 'down', message: expect.any(String) } },
      info: { nats: { status: 'up' } },
    });
  });
});
