import { AckPolicy } from '@nats-io/jetstream';
import { createEvent, type AnyEvent, type Envelope } from '@vigie/contracts';
import type { RunningService } from '@vigie/health';
import { EventPublisher } from '@vigie/messaging';
import { collectEvents, testEnvironment, waitForEvent, type TestEnvironment } from '@vigie/testing';
import { startMonitor } from '../../app';
import { FakeService } from '../../test-support/fake-service';

type ConsumerSample = Envelope<'ops.consumer.sampled'>;
type StreamSample = Envelope<'ops.stream.sampled'>;

describe('the monitor samples JetStream (real NATS)', () => {
  let env: TestEnvironment;
  let target: FakeService;
  let monitor: RunningService;

  beforeAll(async () => {
    env = await testEnvironment({ name: 'monitor-samples-test', streams: ['OPS', 'CASH'] });
    target = await FakeService.start();
    const publisher = new EventPublisher(env.bus);
    for (let i = 0; i < 7; i++) {
      await publisher.publish(
        createEvent('cash.session.opened', { sessionId: `s-${i}`, registerId: 'reg-1', operatorId: 'op-1', openingAmount: 100 }, { source: 'cash', siteId: 'site-1' }),
      );
    }
    // A durable that has read nothing yet (7 pending), and an ephemeral one that must not be reported.
    await env.bus.jsm.consumers.add(env.bus.topo.streamName('CASH'), { durable_name: 'test-slow', ack_policy: AckPolicy.Explicit });
    await env.bus.jsm.consumers.add(env.bus.topo.streamName('CASH'), { ack_policy: AckPolicy.None, inactive_threshold: 60_000_000_000 });
    monitor = await startMonitor({
      ...env.env,
      MONITOR_PORT: '0',
      LOG_LEVEL: 'warn',
      MONITOR_TARGETS: `alpha=${target.url}`,
      MONITOR_PROBE_INTERVAL_MS: '60000',
      MONITOR_TICK_INTERVAL_MS: '60000',
      MONITOR_SAMPLE_INTERVAL_MS: '200',
    });
  });

  afterAll(async () => {
    await monitor?.stop();
    await target?.close();
    await env?.cleanup();
  });

  it('publishes each durable consumer of each provisioned stream with its pending count, and each stream with its limits', async () => {
    const { event } = await waitForEvent(env.bus, 'OPS', (e: AnyEvent) => e.type === 'ops.consumer.sampled' && e.data.consumer === 'test-slow');
    expect((event as ConsumerSample).data).toEqual({ stream: 'CASH', consumer: 'test-slow', pending: 7, ackPending: 0, redelivered: 0 });
    const { event: cash } = await waitForEvent(env.bus, 'OPS', (e: AnyEvent) => e.type === 'ops.stream.sampled' && e.data.stream === 'CASH');
    expect((cash as StreamSample).data).toMatchObject({ stream: 'CASH', messages: 7, consumers: 2, maxMessages: -1 });
    expect(cash.source).toBe('monitor');

    const samples = (await collectEvents(env.bus, 'OPS')).map((f) => f.event);
    const streams = new Set(samples.filter((e) => e.type === 'ops.stream.sampled').map((e) => (e as StreamSample).data.stream));
    // Only this installation's provisioned streams: the other streams of the namespace do not exist.
    expect([...streams].sort()).toEqual(['CASH', 'OPS']);
    const consumers = samples.filter((e) => e.type === 'ops.consumer.sampled').map((e) => (e as ConsumerSample).data.consumer);
    expect(new Set(consumers)).toEqual(new Set(['test-slow']));
  });

  it('follows the consumer as it catches up', async () => {
    const consumer = await env.bus.js.consumers.get(env.bus.topo.streamName('CASH'), 'test-slow');
    const batch = await consumer.fetch({ max_messages: 7, expires: 2000 });
    for await (const m of batch) {
      m.ack();
      if (m.info.pending === 0) break;
    }
    const { event } = await waitForEvent(
      env.bus,
      'OPS',
      (e: AnyEvent) => e.type === 'ops.consumer.sampled' && e.data.consumer === 'test-slow' && e.data.pending === 0 && e.data.ackPending === 0,
    );
    expect(event.type).toBe('ops.consumer.sampled');
  });
});
