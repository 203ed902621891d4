import { nanos } from '@nats-io/nats-core';
import { AckPolicy, DeliverPolicy } from '@nats-io/jetstream';
import { createEvent, type AnyEvent } from '@vigie/contracts';
import type { Bus } from './bus';
import { startConsumer, type ConsumerHandle } from './consumer';
import { startBatchConsumer, type BatchItem } from './consumer-batch';
import { readDeadLetters } from './dead-letter';
import { PoisonError } from './errors';
import { destroyTestBus, eventually, testBus } from './int-spec-support';
import { EventPublisher } from './publisher';

const quiet = { log: () => undefined, warn: () => undefined, error: () => undefined };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('startBatchConsumer (real NATS)', () => {
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
    const registerId = `breg-${++n}`;
    return { registerId, filterSubject: `${bus.topo.root}.cash.*.*.site-1.${registerId}`, durable: `batch-${n}` };
  }
  type Register = ReturnType<typeof register>;
  const opened = (registerId: string, sessionId: string) =>
    createEvent(
      'cash.session.opened',
      { sessionId, registerId, operatorId: 'op-1', openingAmount: 100 },
      { source: 'cash', siteId: 'site-1' },
    );
  const idOf = (e: AnyEvent) => (e.data as { sessionId: string }).sessionId;
  const ids = (items: BatchItem[]) => items.map((i) => idOf(i.event));
  const streamName = () => bus.topo.streamName('CASH');

  async function publishMany(r: Register, prefix: string, count: number): Promise<number[]> {
    const seqs: number[] = [];
    for (let i = 1; i <= count; i++) seqs.push((await publisher.publish(opened(r.registerId, `${prefix}${i}`))).seq);
    return seqs;
  }

  async function start(
    r: Register,
    handler: (items: BatchItem[]) => unknown,
    extra: { maxDeliver?: number; maxMessages?: number; ackWaitMs?: number } = {},
  ) {
    const h = await startBatchConsumer(bus, {
      stream: 'CASH',
      durable: r.durable,
      filterSubject: r.filterSubject,
      backoff: () => 20,
      logger: quiet,
      maxMessages: 20,
      handler: async (items) => {
        await handler(items);
      },
      ...extra,
    });
    handles.push(h);
    return h;
  }

  it('hands a backlog over in stream order, in batches of at most maxMessages, each acked once after the handler', async () => {
    const r = register();
    const seqs = await publishMany(r, 's', 45);
    const batches: string[][] = [];
    let release!: () => void;
    const gate = new Promise<void>((res) => (release = res));
    const h = await start(r, async (items) => {
      batches.push(ids(items));
      if (batches.length === 1) await gate;
    });
    await eventually(() => expect(batches).toHaveLength(1));
    // Handler still running: nothing of its batch is acknowledged.
    const during = await bus.jsm.consumers.info(streamName(), r.durable);
    expect(during.num_ack_pending).toBe(20);
    expect(during.ack_floor.stream_seq).toBe(0);
    release();
    await eventually(() => expect(h.stats.acked).toBe(45));
    expect(batches.flat()).toEqual(Array.from({ length: 45 }, (_, i) => `s${i + 1}`));
    expect(batches.map((b) => b.length)).toEqual([20, 20, 5]);
    const ci = await bus.jsm.consumers.info(streamName(), r.durable);
    expect(ci.config).toMatchObject({ ack_policy: 'all', max_ack_pending: 40, filter_subject: r.filterSubject });
    expect(ci.ack_floor.stream_seq).toBe(seqs.at(-1));
    expect(await h.info()).toEqual({ running: true, pending: 0 });
  });

  it('hands a lone event over at once when idle', async () => {
    const r = register();
    const handledAt: number[] = [];
    const h = await start(r, () => {
      handledAt.push(Date.now());
    });
    await sleep(300);
    const sentAt = Date.now();
    await publisher.publish(opened(r.registerId, 'late'));
    await eventually(() => expect(h.stats.acked).toBe(1));
    expect(handledAt).toHaveLength(1);
    expect(handledAt[0] - sentAt).toBeLessThan(500);
  });

  it('acks nothing when the handler throws, then hands the same events over one by one, in order', async () => {
    const r = register();
    await publishMany(r, 's', 5);
    const calls: [string[], number[]][] = [];
    let failed = false;
    const h = await start(r, (items) => {
      calls.push([ids(items), items.map((i) => i.ctx.deliveryCount)]);
      if (!failed) {
        failed = true;
        throw new Error('database hiccup');
      }
    });
    await eventually(() => expect(h.stats.acked).toBe(5));
    expect(calls).toEqual([
      [['s1', 's2', 's3', 's4', 's5'], [1, 1, 1, 1, 1]],
      [['s1'], [2]],
      [['s2'], [2]],
      [['s3'], [2]],
      [['s4'], [2]],
      [['s5'], [2]],
    ]);
    expect(h.stats.lastError).toMatch(/database hiccup/);
    // Later events are delivered as usual afterwards.
    await publishMany(r, 't', 3);
    await eventually(() => expect(h.stats.acked).toBe(8));
    expect(calls.slice(6).flatMap(([batch]) => batch)).toEqual(['t1', 't2', 't3']);
    expect(calls.slice(6).flatMap(([, counts]) => counts)).toEqual([1, 1, 1]);
  });

  it('dead-letters invalid messages one by one and hands the valid ones around them over in one batch', async () => {
    const r = register();
    const subject = `${bus.topo.root}.cash.session.opened.site-1.${r.registerId}`;
    await publisher.publish(opened(r.registerId, 'a'));
    const bad1 = await bus.js.publish(subject, '{"id":"not-a-uuid","type":"cash.session.opened"}');
    await publisher.publish(opened(r.registerId, 'b'));
    const bad2 = await bus.js.publish(subject, new Uint8Array([0xff, 0x00]));
    const last = await publisher.publish(opened(r.registerId, 'c'));
    const batches: string[][] = [];
    const h = await start(r, (items) => {
      batches.push(ids(items));
    });
    await eventually(() => expect(h.stats.acked).toBe(5));
    expect(batches).toEqual([['a', 'b', 'c']]);
    expect(h.stats.deadLettered).toBe(2);
    const letters = await readDeadLetters(bus, { durable: r.durable });
    expect(letters.map((l) => [l.seq, l.kind, l.deliveryCount])).toEqual([
      [bad1.seq, 'invalid', 1],
      [bad2.seq, 'invalid', 1],
    ]);
    expect(letters[0].reason).toMatch(/invalid event envelope.*id/);
    expect((await bus.jsm.consumers.info(streamName(), r.durable)).ack_floor.stream_seq).toBe(last.seq);
  });

  it('dead-letters what keeps failing after maxDeliver deliveries, a PoisonError at once, and lets the rest through', async () => {
    const r = register();
    await publisher.publish(opened(r.registerId, 'bad'));
    await publisher.publish(opened(r.registerId, 'good'));
    await publisher.publish(opened(r.registerId, 'poison'));
    await publisher.publish(opened(r.registerId, 'fine'));
    const calls: [string[], number[]][] = [];
    const h = await start(
      r,
      (items) => {
        calls.push([ids(items), items.map((i) => i.ctx.deliveryCount)]);
        if (ids(items).includes('bad')) throw new Error('always fails');
        if (ids(items).includes('poison')) throw new PoisonError('refund larger than the sale');
      },
      { maxDeliver: 3 },
    );
    await eventually(() => expect(h.stats.acked).toBe(4));
    expect(calls).toEqual([
      [['bad', 'good', 'poison', 'fine'], [1, 1, 1, 1]],
      [['bad'], [2]],
      [['bad'], [3]],
      [['good'], [2]],
      [['poison'], [2]],
      [['fine'], [2]],
    ]);
    const letters = await readDeadLetters(bus, { durable: r.durable });
    expect(letters.map((l) => [l.kind, l.deliveryCount])).toEqual([
      ['max-deliveries', 3],
      ['poison', 2],
    ]);
    expect(letters[0].reason).toMatch(/always fails \(after 3 deliveries\)/);
    expect(h.stats.deadLettered).toBe(2);
  });

  it('hands unacknowledged events back on stop, so the next instance resumes at once and in order', async () => {
    const r = register();
    await publishMany(r, 's', 6);
    const seen: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((res) => (release = res));
    const first = await start(r, async (items) => {
      if (ids(items).includes('s1') && seen.length === 0) {
        // Fails once and stops while retrying one by one: s1 is acked, the rest is handed back.
        seen.push('x');
        throw new Error('fails once');
      }
      seen.push(...ids(items));
      if (ids(items).includes('s1')) await gate;
    });
    await eventually(() => expect(seen).toEqual(['x', 's1']));
    const stopping = first.stop();
    release();
    await stopping;
    const t0 = Date.now();
    const second = await start(r, (items) => {
      seen.push(...ids(items));
    });
    await eventually(() => expect(second.stats.acked).toBe(5));
    expect(seen).toEqual(['x', 's1', 's2', 's3', 's4', 's5', 's6']);
    expect(Date.now() - t0).toBeLessThan(3000);
  });

  it('waits for events a crashed instance left unacknowledged instead of overtaking them', async () => {
    const r = register();
    const ackWaitMs = 1500;
    await bus.jsm.consumers.add(streamName(), {
      durable_name: r.durable,
      ack_policy: AckPolicy.All,
      deliver_policy: DeliverPolicy.All,
      max_deliver: -1,
      ack_wait: nanos(ackWaitMs),
      max_ack_pending: 40,
      filter_subject: r.filterSubject,
    });
    await publishMany(r, 'old', 3);
    // The "crashed" instance: pulls three events and never acknowledges them.
    const crashed = await bus.js.consumers.get(streamName(), r.durable);
    const taken = [];
    for await (const m of await crashed.fetch({ max_messages: 3, expires: 1000 })) taken.push(m.seq);
    expect(taken).toHaveLength(3);
    await publishMany(r, 'new', 2);
    const seen: string[] = [];
    const h = await start(
      r,
      (items) => {
        seen.push(...ids(items));
      },
      { ackWaitMs },
    );
    await eventually(() => expect(h.stats.acked).toBe(5), 10_000);
    expect(seen).toEqual(['old1', 'old2', 'old3', 'new1', 'new2']);
  });

  it('keeps stream order across two instances on one durable: one batch at a time, none skipped', async () => {
    const r = register();
    const committed: number[] = [];
    let active = 0;
    let overlapped = false;
    const handler = async (items: BatchItem[]) => {
      active++;
      if (active > 1) overlapped = true;
      await sleep(15);
      committed.push(...items.map((i) => i.ctx.seq));
      active--;
    };
    await start(r, handler, { maxMessages: 5, ackWaitMs: 5000 });
    await start(r, handler, { maxMessages: 5, ackWaitMs: 5000 });
    const seqs: number[] = [];
    for (let i = 1; i <= 60; i++) {
      seqs.push((await publisher.publish(opened(r.registerId, `s${i}`))).seq);
      if (i % 7 === 0) await sleep(5);
    }
    await eventually(() => expect(committed).toHaveLength(60), 20_000);
    expect(committed).toEqual(seqs);
    expect(overlapped).toBe(false);
  }, 30_000);

  it('replaces a one-at-a-time durable, resuming right after what it acknowledged', async () => {
    const r = register();
    const single = await startConsumer(bus, {
      stream: 'CASH',
      durable: r.durable,
      filterSubject: r.filterSubject,
      logger: quiet,
      handler: () => undefined,
    });
    await publishMany(r, 'early', 3);
    await eventually(() => expect(single.stats.acked).toBe(3));
    await single.stop();
    await publishMany(r, 'late', 2);
    const batches: string[][] = [];
    const h = await start(r, (items) => {
      batches.push(ids(items));
    });
    await eventually(() => expect(h.stats.acked).toBe(2));
    expect(batches).toEqual([['late1', 'late2']]);
    const ci = await bus.jsm.consumers.info(streamName(), r.durable);
    expect(ci.config.ack_policy).toBe('all');
  });

  it('recreates its durable when it is deleted and goes on', async () => {
    const r = register();
    const seen: string[] = [];
    const h = await start(r, (items) => {
      seen.push(...ids(items));
    });
    await publisher.publish(opened(r.registerId, 's1'));
    await eventually(() => expect(seen).toEqual(['s1']));
    await bus.jsm.consumers.delete(streamName(), r.durable);
    await publisher.publish(opened(r.registerId, 's2'));
    // A recreated durable starts from the beginning (deliver_policy all): handlers are idempotent.
    await eventually(() => expect(seen).toEqual(['s1', 's1', 's2']), 5_000);
    expect((await h.info()).running).toBe(true);
  });
});
