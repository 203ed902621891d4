import { Module } from '@nestjs/common';
import type { Envelope } from '@vigie/contracts';
import { MessagingModule, provisionStreams } from '@vigie/messaging';
import { collectEvents, testEnvironment, waitForEvent, type TestEnvironment } from '@vigie/testing';
import { HealthModule } from '../health.module';
import { startNestService, type RunningService } from '../start-nest-service';
import { HeartbeatModule } from './heartbeat.module';
import { packageVersion } from './instance';

const INTERVAL_MS = 300;

describe('HeartbeatModule against the real NATS', () => {
  let env: TestEnvironment;
  let svc: RunningService | undefined;
  let startedAt: number;

  beforeAll(async () => {
    env = await testEnvironment({ name: 'heartbeat-test', streams: ['OPS'] });
    @Module({
      imports: [
        MessagingModule.forRoot({ url: env.env.NATS_URL, namespace: env.namespace, name: 'beater', streams: [] }),
        HealthModule.forRoot({ service: 'beater', postgres: false }),
        HeartbeatModule.forRoot({ service: 'beater', intervalMs: INTERVAL_MS }),
      ],
    })
    class BeaterModule {}
    svc = await startNestService(BeaterModule, { name: 'beater', port: 0, logLevel: 'warn' });
    startedAt = Date.now();
  });

  afterAll(async () => {
    await svc?.stop();
    await env?.cleanup();
  });

  const heartbeats = async () =>
    (await collectEvents(env.bus, 'OPS'))
      .map((f) => f.event)
      .filter((e): e is Envelope<'ops.heartbeat.emitted'> & typeof e => e.type === 'ops.heartbeat.emitted');

  it('publishes one heartbeat while booting, global, keyed by the service', async () => {
    const { event, subject } = await waitForEvent(env.bus, 'OPS', (e) => e.type === 'ops.heartbeat.emitted');
    expect(subject).toBe(`recyclic-${env.namespace}.ops.heartbeat.emitted.global.beater`);
    expect(event).toMatchObject({ source: 'beater', siteId: 'global', version: 1 });
    expect(event.data).toEqual({
      service: 'beater',
      instanceId: expect.stringMatching(/^beater-[0-9a-f]{12}$/),
      version: packageVersion(),
      startedAt: expect.any(String),
    });
    // Published before the app was even listening: the boot beat, not the first interval's.
    expect(Date.parse(event.occurredAt)).toBeLessThanOrEqual(startedAt);
    expect(Date.parse((event.data as { startedAt: string }).startedAt)).toBeLessThanOrEqual(Date.parse(event.occurredAt));
  });

  it('beats again every interval, as the same instance', async () => {
    await waitForEvent(env.bus, 'OPS', (e) => e.type === 'ops.heartbeat.emitted', { fromSeq: 4 });
    const beats = await heartbeats();
    expect(new Set(beats.map((b) => b.data.instanceId)).size).toBe(1);
    expect(new Set(beats.map((b) => b.data.startedAt)).size).toBe(1);
    const gaps = beats.slice(1).map((b, i) => Date.parse(b.occurredAt) - Date.parse(beats[i].occurredAt));
    for (const gap of gaps) {
      expect(gap).toBeGreaterThanOrEqual(INTERVAL_MS - 50);
      expect(gap).toBeLessThan(INTERVAL_MS * 4);
    }
  });

  it('logs a failed publish, keeps running, and beats again once the stream is back', async () => {
    const instanceId = (await heartbeats())[0].data.instanceId;
    const written: string[] = [];
    const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    try {
      await env.bus.jsm.streams.delete(env.bus.topo.streamName('OPS'));
      const deadline = Date.now() + 15_000;
      while (!written.some((l) => l.includes('heartbeat not published')) && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 100));
      }
      expect((await fetch(`${svc!.url}/health/live`)).status).toBe(200);
      await provisionStreams(env.bus, ['OPS']);
      const { event } = await waitForEvent(env.bus, 'OPS', (e) => e.type === 'ops.heartbeat.emitted', { timeoutMs: 15_000 });
      expect(event.data).toMatchObject({ service: 'beater', instanceId });
    } finally {
      spy.mockRestore();
    }
    const warning = written.find((l) => l.includes('heartbeat not published'));
    expect(warning).toContain(`next try in ${INTERVAL_MS} ms`);
  });

  it('stops beating on shutdown', async () => {
    await svc!.stop();
    svc = undefined;
    const before = (await heartbeats()).length;
    await new Promise((r) => setTimeout(r, INTERVAL_MS * 4));
    expect((await heartbeats()).length).toBe(before);
  });
});

describe('HeartbeatModule.forRoot', () => {
  it('refuses a service name that cannot be a subject token, and a bad interval or version', () => {
    expect(() => HeartbeatModule.forRoot({ service: 'my service' })).toThrow(/must match/);
    expect(() => HeartbeatModule.forRoot({ service: 'cash', intervalMs: 0 })).toThrow(/intervalMs/);
    expect(() => HeartbeatModule.forRoot({ service: 'cash', version: '' })).toThrow(/version/);
    expect(HeartbeatModule.forRoot({ service: 'cash' })).toMatchObject({ module: HeartbeatModule });
  });
});
