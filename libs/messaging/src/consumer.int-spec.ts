import { ContractError, createEvent, streamFilter, type AnyEvent } from '@vigie/contracts';
import type { Bus } from './bus';
import { startConsumer, type ConsumerContext, type ConsumerHandle } from './consumer';
import { readDeadLetters } from './dead-letter';
import { PoisonError, TransientError } from './errors';
import { destroyTestBus, eventually, testBus } from './int-spec-support';
import { EventPublisher } from './publisher';

const quiet = { log: () => undefined, warn: () => undefined, error: () => undefined };

describe('startConsumer (real NATS)', () => {
  let bus: Bus;
  let publisher: EventPublisher;
  const handles: ConsumerHandle[] = [];
  let n = 0;

  beforeAll(async () => {
    bus = await testBus();
    publisher = new EventPublisher(bus);
  });
  afterEach(async () => {
    await Promise.all(handles.splice(0).map((h) => h.stop()));
  });
  afterAll(() => destroyTestBus(bus));

  /** Each test reads its own register's subjects, so tests share the stream without seeing each other. */
  function register() {
    const registerId = `reg-${++n}`;
    return { registerId, filterSubject: `${bus.topo.root}.cash.*.*.site-1.${registerId}`, durable: `test-${n}` };
  }
  const opened = (registerId: string, sessionId: string) =>
    createEvent(
      'cash.session.opened',
      { sessionId, registerId, operatorId: 'op-1', openingAmount: 100 },
      { source: 'cash', siteId: 'site-1' },
    );

  async function start(
    r: ReturnType<typeof register>,
    handler: (e: AnyEvent, ctx: ConsumerContext) => unknown,
    extra: { maxDeliver?: number } = {},
  ) {
    const h = await startConsumer(bus, {
      stream: 'CASH',
      durable: r.durable,
      filterSubject: r.filterSubject,
      backoff: () => 20,
      logger: quiet,
      handler: async (e, ctx) => {
        await handler(e, ctx);
      },
      ...extra,
    });
    handles.push(h);
    return h;
  }

  it('hands events to the handler in stream order and acks each after the handler resolves', async () => {
    const r = register();
    const seen: string[] = [];
    const h = await start(r, (e) => {
      seen.push((e.data as { sessionId: string }).sessionId);
    });
    for (let i = 1; i <= 20; i++) await publisher.publish(opened(r.registerId, `s${i}`));
    await eventually(() => expect(h.stats.acked).toBe(20));
    expect(seen).toEqual(Array.from({ length: 20 }, (_, i) => `s${i + 1}`));
    expect(await h.info()).toEqual({ running: true, pending: 0 });
    const ci = await bus.jsm.consumers.info(bus.topo.streamName('CASH'), r.durable);
    expect(ci.config).toMatchObject({ ack_policy: 'explicit', deliver_policy: 'all', max_deliver: 10, filter_subject: r.filterSubject });
    expect(ci.ack_floor.stream_seq).toBe(ci.delivered.stream_seq);
  });

  it('handles an event published while idle within milliseconds', async () => {
    const r = register();
    const handledAt: number[] = [];
    const h = await start(r, () => {
      handledAt.push(Date.now());
    });
    await new Promise((res) => setTimeout(res, 300));
    const sentAt = Date.now();
    await publisher.publish(opened(r.registerId, 'late'));
    await eventually(() => expect(h.stats.acked).toBe(1));
    expect(handledAt[0] - sentAt).toBeLessThan(200);
  });

  it('does not ack when the handler throws: the event is redelivered and then acked', async () => {
    const r = register();
    const deliveries: ConsumerContext[] = [];
    const h = await start(r, (_e, ctx) => {
      deliveries.push(ctx);
      if (ctx.deliveryCount === 1) throw new Error('database hiccup');
    });
    const { seq } = await publisher.publish(opened(r.registerId, 's1'));
    await eventually(() => expect(h.stats.acked).toBe(1));
    expect(deliveries.map((d) => [d.seq, d.deliveryCount, d.redelivered])).toEqual([
      [seq, 1, false],
      [seq, 2, true],
    ]);
    expect(deliveries[0]).toMatchObject({ stream: 'CASH', streamName: bus.topo.streamName('CASH'), subject: `${bus.topo.root}.cash.session.opened.site-1.${r.registerId}` });
    expect(deliveries[0].time).toBeInstanceOf(Date);
    expect(h.stats).toMatchObject({ delivered: 2, acked: 1, naked: 1, deadLettered: 0, lastError: 'database hiccup' });
  });

  it('naks a TransientError with its delay and keeps later events waiting behind it', async () => {
    const r = register();
    const log: [string, number][] = [];
    const h = await start(r, (e, ctx) => {
      const id = (e.data as { sessionId: string }).sessionId;
      log.push([id, Date.now()]);
      if (id === 's1' && ctx.deliveryCount === 1) throw new TransientError('upstream busy', 400);
    });
    await publisher.publish(opened(r.registerId, 's1'));
    await publisher.publish(opened(r.registerId, 's2'));
    await eventually(() => expect(h.stats.acked).toBe(2));
    expect(log.map(([id]) => id)).toEqual(['s1', 's1', 's2']);
    expect(log[1][1] - log[0][1]).toBeGreaterThanOrEqual(380);
  });

  it('dead-letters an invalid event with its reason, never shows it to the handler, and goes on', async () => {
    const r = register();
    const seen: string[] = [];
    const h = await start(r, (e) => {
      seen.push((e.data as { sessionId: string }).sessionId);
    });
    const badSubject = `${bus.topo.root}.cash.session.opened.site-1.${r.registerId}`;
    const bad = await bus.js.publish(badSubject, '{"id":"not-a-uuid","type":"cash.session.opened"}');
    await publisher.publish(opened(r.registerId, 'after'));
    await eventually(() => expect(seen).toEqual(['after']));
    await eventually(() => expect(h.stats.deadLettered).toBe(1));
    const [dl] = await readDeadLetters(bus, { durable: r.durable });
    expect(dl).toMatchObject({
      stream: bus.topo.streamName('CASH'),
      durable: r.durable,
      subject: badSubject,
      seq: bad.seq,
      kind: 'invalid',
      deliveryCount: 1,
      eventId: 'not-a-uuid',
      eventType: 'cash.session.opened',
      payloadTruncated: false,
      deadLetterSeq: expect.any(Number),
    });
    expect(dl.reason).toMatch(/invalid event envelope.*id/);
    expect(Buffer.from(dl.payloadBase64, 'base64').toString()).toBe('{"id":"not-a-uuid","type":"cash.session.opened"}');
    const dlMsg = await bus.jsm.streams.getMessage(bus.topo.streamName('DEADLETTER'), { seq: dl.deadLetterSeq });
    expect(dlMsg!.subject).toBe(`${bus.topo.root}.deadletter.${bus.topo.streamName('CASH')}.${r.durable}`);
    expect(await h.info()).toEqual({ running: true, pending: 0 });
  });

  it('dead-letters a PoisonError at once', async () => {
    const r = register();
    const h = await start(r, () => {
      throw new PoisonError('refund larger than the sale');
    });
    await publisher.publish(opened(r.registerId, 's1'));
    await eventually(() => expect(h.stats.deadLettered).toBe(1));
    const dls = await readDeadLetters(bus, { durable: r.durable });
    expect(dls).toHaveLength(1);
    expect(dls[0]).toMatchObject({ kind: 'poison', reason: 'refund larger than the sale', deliveryCount: 1 });
    expect(h.stats.delivered).toBe(1);
  });

  it('treats a ContractError thrown by the handler as poison', async () => {
    const r = register();
    const h = await start(r, () => {
      throw new ContractError('invalid evidence', [{ path: 'evidence.0.seq', message: 'must be an integer' }]);
    });
    await publisher.publish(opened(r.registerId, 's1'));
    await eventually(() => expect(h.stats.deadLettered).toBe(1));
    const [dl] = await readDeadLetters(bus, { durable: r.durable });
    expect(dl).toMatchObject({ kind: 'poison', reason: 'invalid evidence: evidence.0.seq: must be an integer', deliveryCount: 1 });
  });

  it('dead-letters after maxDeliver failed deliveries and continues with the next event', async () => {
    const r = register();
    const seen: [string, number][] = [];
    const h = await start(
      r,
      (e, ctx) => {
        const id = (e.data as { sessionId: string }).sessionId;
        seen.push([id, ctx.deliveryCount]);
        if (id === 'bad') throw new Error('always fails');
      },
      { maxDeliver: 3 },
    );
    await publisher.publish(opened(r.registerId, 'bad'));
    await publisher.publish(opened(r.registerId, 'good'));
    await eventually(() => expect(h.stats.acked).toBe(1));
    expect(seen).toEqual([
      ['bad', 1],
      ['bad', 2],
      ['bad', 3],
      ['good', 1],
    ]);
    const dls = await readDeadLetters(bus, { durable: r.durable });
    expect(dls).toHaveLength(1);
    expect(dls[0]).toMatchObject({ kind: 'max-deliveries', deliveryCount: 3 });
    expect(dls[0].reason).toMatch(/always fails \(after 3 deliveries\)/);
  });

  it('stop() lets the in-flight event finish and returns promptly when idle', async () => {
    const r = register();
    let release!: () => void;
    const gate = new Promise<void>((res) => (release = res));
    const h = await start(r, () => gate);
    await publisher.publish(opened(r.registerId, 's1'));
    await eventually(() => expect(h.stats.delivered).toBe(1));
    const stopping = h.stop();
    setTimeout(release, 100);
    await stopping;
    expect(h.stats.acked).toBe(1);
    expect((await h.info()).running).toBe(false);

    const idle = await start(register(), () => undefined);
    const t0 = Date.now();
    await idle.stop();
    expect(Date.now() - t0).toBeLessThan(500);
  });

  it('resumes where the durable stopped, without waiting for ack_wait', async () => {
    const r = register();
    const seen: string[] = [];
    const handler = (e: AnyEvent) => {
      seen.push((e.data as { sessionId: string }).sessionId);
    };
    const first = await start(r, handler);
    await publisher.publish(opened(r.registerId, 's1'));
    await eventually(() => expect(first.stats.acked).toBe(1));
    await first.stop();
    await publisher.publish(opened(r.registerId, 's2'));
    const t0 = Date.now();
    const second = await start(r, handler);
    await eventually(() => expect(second.stats.acked).toBe(1));
    expect(seen).toEqual(['s1', 's2']);
    expect(Date.now() - t0).toBeLessThan(2000);
  });

  it('recreates its durable when it is deleted and goes on', async () => {
    const r = register();
    const seen: string[] = [];
    const h = await start(r, (e) => {
      seen.push((e.data as { sessionId: string }).sessionId);
    });
    await publisher.publish(opened(r.registerId, 's1'));
    await eventually(() => expect(seen).toEqual(['s1']));
    await bus.jsm.consumers.delete(bus.topo.streamName('CASH'), r.durable);
    await publisher.publish(opened(r.registerId, 's2'));
    // A recreated durable starts from the beginning (deliver_policy all): handlers are idempotent.
    await eventually(() => expect(seen).toEqual(['s1', 's1', 's2']), 3_000);
    expect((await h.info()).running).toBe(true);
  });

  it('updates an existing durable whose options changed', async () => {
    const r = register();
    const first = await start(r, () => undefined, { maxDeliver: 5 });
    await first.stop();
    const second = await startConsumer(bus, {
      stream: 'CASH',
      durable: r.durable,
      filterSubject: `${bus.topo.root}.cash.session.*.site-1.${r.registerId}`,
      maxDeliver: 7,
      ackWaitMs: 12_000,
      logger: quiet,
      handler: () => undefined,
    });
    handles.push(second);
    const ci = await bus.jsm.consumers.info(bus.topo.streamName('CASH'), r.durable);
    expect(ci.config).toMatchObject({
      max_deliver: 7,
      ack_wait: 12_000_000_000,
      filter_subject: `${bus.topo.root}.cash.session.*.site-1.${r.registerId}`,
    });
  });

  it('reads every subject of its stream when no filter is given', async () => {
    const r = register();
    const h = await start({ ...r, filterSubject: undefined as unknown as string }, () => undefined);
    const ci = await bus.jsm.consumers.info(bus.topo.streamName('CASH'), r.durable);
    expect(ci.config.filter_subject ?? '').toBe('');
    await eventually(async () => expect((await h.info()).pending).toBe(0));
    expect(h.stats.acked).toBeGreaterThan(0);
    expect(streamFilter(bus.topo, 'CASH')).toBe(`${bus.topo.root}.cash.>`);
  });
});
