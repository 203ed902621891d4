import { ContractError, createEvent, typeFilter } from '@vigie/contracts';
import type { Bus } from './bus';
import { destroyTestBus, testBus } from './int-spec-support';
import { EventPublisher } from './publisher';
import { replayStream, type ReplayItem } from './replay';

describe('replayStream (real NATS)', () => {
  let bus: Bus;
  let publisher: EventPublisher;
  const seqs: number[] = [];
  let middle: Date;

  const tick = (n: number, kind: 'ops.tick.emitted' | 'ops.heartbeat.emitted' = 'ops.tick.emitted') =>
    kind === 'ops.tick.emitted'
      ? createEvent('ops.tick.emitted', {}, { source: 'monitor', siteId: 'global', correlationId: `n${n}` })
      : createEvent(
          'ops.heartbeat.emitted',
          { service: 'cash', instanceId: `i${n}`, version: '1', startedAt: '2026-11-30T08:00:00.000Z' },
          { source: 'cash', siteId: 'global', correlationId: `n${n}` },
        );

  async function all<T>(it: AsyncIterable<T>): Promise<T[]> {
    const out: T[] = [];
    for await (const x of it) out.push(x);
    return out;
  }
  const labels = (items: ReplayItem[]) => items.map((i) => (i.event ? i.event.correlationId : `error@${i.seq}`));

  beforeAll(async () => {
    bus = await testBus();
    publisher = new EventPublisher(bus);
    for (let n = 1; n <= 4; n++) seqs.push((await publisher.publish(tick(n))).seq);
    await new Promise((r) => setTimeout(r, 50));
    middle = new Date();
    await new Promise((r) => setTimeout(r, 50));
    seqs.push((await bus.js.publish(`${bus.topo.root}.ops.tick.emitted.global.monitor`, 'not json')).seq);
    for (let n = 5; n <= 6; n++) seqs.push((await publisher.publish(tick(n, 'ops.heartbeat.emitted'))).seq);
  });
  afterAll(() => destroyTestBus(bus));

  it('yields every message in order, invalid ones as errors, and ends at the last one', async () => {
    const items = await all(replayStream(bus, 'OPS'));
    expect(items.map((i) => i.seq)).toEqual(seqs);
    expect(labels(items)).toEqual(['n1', 'n2', 'n3', 'n4', `error@${seqs[4]}`, 'n5', 'n6']);
    expect(items[4].error).toBeInstanceOf(ContractError);
    expect(items[4].error!.message).toMatch(/not JSON/);
    expect(items[0]).toMatchObject({ subject: `${bus.topo.root}.ops.tick.emitted.global.monitor`, time: expect.any(Date) });
  });

  it('starts at fromSeq and stops at toSeq', async () => {
    const items = await all(replayStream(bus, 'OPS', { fromSeq: seqs[1], toSeq: seqs[3] }));
    expect(labels(items)).toEqual(['n2', 'n3', 'n4']);
  });

  it('starts at fromTime', async () => {
    const items = await all(replayStream(bus, 'OPS', { fromTime: middle }));
    expect(items.map((i) => i.seq)).toEqual(seqs.slice(4));
  });

  it('reads only the subjects of filterSubject and ends after the last match', async () => {
    const items = await all(replayStream(bus, 'OPS', { filterSubject: typeFilter(bus.topo, 'ops.tick.emitted') }));
    expect(labels(items)).toEqual(['n1', 'n2', 'n3', 'n4', `error@${seqs[4]}`]);
    const none = await all(replayStream(bus, 'OPS', { filterSubject: typeFilter(bus.topo, 'ops.probe.completed') }));
    expect(none).toEqual([]);
  });

  it('does not wait for events published after it started', async () => {
    const seen: number[] = [];
    for await (const item of replayStream(bus, 'OPS', { fromSeq: seqs[5] })) {
      seen.push(item.seq);
      if (seen.length === 1) await publisher.publish(tick(7));
    }
    expect(seen).toEqual([seqs[5], seqs[6]]);
  });

  it('returns at once for an empty stream or a start past the end', async () => {
    const t0 = Date.now();
    expect(await all(replayStream(bus, 'AUTH'))).toEqual([]);
    expect(await all(replayStream(bus, 'OPS', { fromSeq: 10_000 }))).toEqual([]);
    expect(await all(replayStream(bus, 'OPS', { fromTime: new Date(Date.now() + 60_000) }))).toEqual([]);
    expect(Date.now() - t0).toBeLessThan(1000);
  });

  it('uses the given decoder', async () => {
    const items = await all(replayStream(bus, 'OPS', { toSeq: seqs[0], decode: (d) => new TextDecoder().decode(d).length }));
    expect(items).toEqual([expect.objectContaining({ seq: seqs[0], event: expect.any(Number) })]);
  });

  it('leaves no consumer behind', async () => {
    await all(replayStream(bus, 'OPS'));
    const consumers = [];
    for await (const c of bus.jsm.consumers.list(bus.topo.streamName('OPS'))) consumers.push(c.name);
    expect(consumers).toEqual([]);
  });
});
