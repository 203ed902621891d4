import { AckPolicy } from '@nats-io/jetstream';
import { Module } from '@nestjs/common';
// The point of this test is the real anomaly service reading what the monitor publishes.
// eslint-disable-next-line @nx/enforce-module-boundaries
import { startAnomaly } from '@vigie/anomaly';
import { createEvent, type AnyEvent, type Envelope } from '@vigie/contracts';
import { HeartbeatModule, startNestService, type RunningService } from '@vigie/health';
import { EventPublisher, MessagingModule } from '@vigie/messaging';
import { collectEvents, testEnvironment, waitForEvent, type TestEnvironment } from '@vigie/testing';
import { startMonitor } from './app';
import { FakeService } from './test-support/fake-service';

type Alert = Envelope<'anomaly.alert.raised'>;
const alert = (action: 'raised' | 'resolved', ruleId: string, key: string) => (e: AnyEvent) =>
  e.type === `anomaly.alert.${action}` && (e as Alert).data.ruleId === ruleId && (e as Alert).data.key === key;

describe('the monitor feeds the real anomaly detectors (service.unhealthy, service.down, pipeline.consumer-lag)', () => {
  let env: TestEnvironment;
  let widget: FakeService;
  let anomaly: RunningService;
  let monitor: RunningService;
  let ghost: RunningService | undefined;

  beforeAll(async () => {
    env = await testEnvironment({ name: 'monitor-anomaly-test' });
    widget = await FakeService.start();
    anomaly = await startAnomaly({ ...env.env, ANOMALY_PORT: '0', LOG_LEVEL: 'error' });
    monitor = await startMonitor({
      ...env.env,
      MONITOR_PORT: '0',
      LOG_LEVEL: 'error',
      MONITOR_TARGETS: `widget=${widget.url}`,
      MONITOR_PROBE_INTERVAL_MS: '200',
      // Targets down from the start are the point here: no boot grace.
      MONITOR_STARTUP_GRACE_MS: '0',
      MONITOR_PROBE_TIMEOUT_MS: '300',
      MONITOR_TICK_INTERVAL_MS: '300',
    });
  });

  afterAll(async () => {
    await ghost?.stop();
    await monitor?.stop();
    await anomaly?.stop();
    await widget?.close();
    await env?.cleanup();
  });

  const opsEvent = async (eventId: string) => (await collectEvents(env.bus, 'OPS')).find((f) => f.event.id === eventId)?.event;

  it('raises service.unhealthy after 3 failed probes of a stopped target, and resolves it when it answers again', async () => {
    await waitForEvent(env.bus, 'OPS', (e) => e.type === 'ops.probe.completed' && e.data.ok);
    await widget.close();

    const { event: raised } = await waitForEvent(env.bus, 'ANOMALY', alert('raised', 'service.unhealthy', 'widget'), { timeoutMs: 15_000 });
    const data = (raised as Alert).data;
    expect(data).toMatchObject({ severity: 'critical', details: { target: 'widget', consecutiveFailures: 3, lastStatus: null } });
    expect(data.evidence).toHaveLength(3);
    for (const ref of data.evidence) {
      expect(await opsEvent(ref.eventId)).toMatchObject({
        type: 'ops.probe.completed',
        source: 'monitor',
        data: { target: 'widget', ok: false, error: 'network ECONNREFUSED' },
      });
    }

    await widget.open();
    const { event: resolved } = await waitForEvent(env.bus, 'ANOMALY', alert('resolved', 'service.unhealthy', 'widget'), { timeoutMs: 15_000 });
    expect((resolved as Alert).data.anomalyId).toBe(data.anomalyId);
    const answer = await opsEvent(resolved.causationId!);
    expect(answer).toMatchObject({ type: 'ops.probe.completed', data: { target: 'widget', ok: true, status: 200 } });
  });

  it("raises service.down on the monitor's ticks once a service's heartbeats stop, and resolves it at its next heartbeat", async () => {
    // A service last heard of 29 s ago (the rule tolerates 30 s): the next ticks must find it silent.
    const lastBeat = createEvent(
      'ops.heartbeat.emitted',
      { service: 'ghost', instanceId: 'ghost-old', version: '0.0.9', startedAt: new Date(Date.now() - 3_600_000).toISOString() },
      { source: 'ghost', siteId: 'global', occurredAt: new Date(Date.now() - 29_000) },
    );
    await new EventPublisher(env.bus).publish(lastBeat);

    const { event: raised } = await waitForEvent(env.bus, 'ANOMALY', alert('raised', 'service.down', 'ghost'), { timeoutMs: 10_000 });
    const [tickRef, beatRef] = (raised as Alert).data.evidence;
    expect(beatRef.eventId).toBe(lastBeat.id);
    const tick = await opsEvent(tickRef.eventId);
    expect(tick).toMatchObject({ type: 'ops.tick.emitted', source: 'monitor' });
    expect(Date.parse(tick!.occurredAt) - Date.parse(lastBeat.occurredAt)).toBeGreaterThan(30_000);

    @Module({
      imports: [
        MessagingModule.forRoot({ url: env.env.NATS_URL, namespace: env.namespace, name: 'ghost', streams: ['OPS'] }),
        HeartbeatModule.forRoot({ service: 'ghost', intervalMs: 60_000 }),
      ],
    })
    class GhostModule {}
    ghost = await startNestService(GhostModule, { name: 'ghost', port: 0, logLevel: 'error' });

    const { event: resolved } = await waitForEvent(env.bus, 'ANOMALY', alert('resolved', 'service.down', 'ghost'), { timeoutMs: 10_000 });
    expect((resolved as Alert).data.anomalyId).toBe((raised as Alert).data.anomalyId);
    const beat = await opsEvent(resolved.causationId!);
    expect(beat).toMatchObject({ type: 'ops.heartbeat.emitted', data: { service: 'ghost', instanceId: expect.stringMatching(/^ghost-[0-9a-f]{12}$/) } });
  });

  it('raises pipeline.consumer-lag from its JetStream samples of a durable falling behind, and resolves it once it caught up', async () => {
    // Thresholds lowered through the rules API: 10 000 messages for 60 s would make a slow test.
    const put = await fetch(`${anomaly.url}/rules/pipeline.consumer-lag`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ params: { pendingAbove: 5, forSeconds: 1 }, by: 'p-admin1' }),
    });
    expect(put.status).toBe(200);
    const cash = env.bus.topo.streamName('CASH');
    await env.bus.jsm.consumers.add(cash, { durable_name: 'test-behind', ack_policy: AckPolicy.Explicit });
    const publisher = new EventPublisher(env.bus);
    for (let i = 0; i < 8; i++) {
      await publisher.publish(
        createEvent('cash.session.opened', { sessionId: `s-${i}`, registerId: 'reg-1', operatorId: 'op-1', openingAmount: 100 }, { source: 'cash', siteId: 'site-1' }),
      );
    }
    const { event: raised } = await waitForEvent(env.bus, 'ANOMALY', alert('raised', 'pipeline.consumer-lag', 'CASH_test-behind'), { timeoutMs: 15_000 });
    const data = (raised as Alert).data;
    expect(data).toMatchObject({ severity: 'warning', ruleVersion: 2, details: { stream: 'CASH', consumer: 'test-behind', lag: 8, pendingAbove: 5 } });
    for (const ref of data.evidence) expect(await opsEvent(ref.eventId)).toMatchObject({ type: 'ops.consumer.sampled', source: 'monitor' });

    const consumer = await env.bus.js.consumers.get(cash, 'test-behind');
    const batch = await consumer.fetch({ max_messages: 8, expires: 2000 });
    for await (const m of batch) {
      m.ack();
      if (m.info.pending === 0) break;
    }
    const { event: resolved } = await waitForEvent(env.bus, 'ANOMALY', alert('resolved', 'pipeline.consumer-lag', 'CASH_test-behind'), { timeoutMs: 15_000 });
    expect((resolved as Alert).data.anomalyId).toBe(data.anomalyId);
  });
});
