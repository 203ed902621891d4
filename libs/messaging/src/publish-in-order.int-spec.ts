import { ContractError, createEvent, type AnyEvent } from '@vigie/contracts';
import type { Bus } from './bus';
import { destroyTestBus, testBus } from './int-spec-support';
import { publishInOrder } from './publish-in-order';
import { replayStream } from './replay';

describe('publishInOrder (real NATS)', () => {
  let bus: Bus;
  let n = 0;

  beforeAll(async () => {
    bus = await testBus();
  });
  afterAll(() => destroyTestBus(bus));

  const opened = (registerId: string, sessionId: string) =>
    createEvent(
      'cash.session.opened',
      { sessionId, registerId, operatorId: 'op-1', openingAmount: 100 },
      { source: 'cash', siteId: 'site-1' },
    );
  const run = (count: number) => {
    const registerId = `ord-${++n}`;
    return Array.from({ length: count }, (_, i) => opened(registerId, `s${i + 1}`));
  };
  async function storedIds(stream: 'CASH' | 'SYNC'): Promise<string[]> {
    const ids: string[] = [];
    for await (const item of replayStream(bus, stream)) if (item.event) ids.push(item.event.id);
    return ids;
  }

  it('stores a run of events of several streams in their order, each once, even when the run is sent again', async () => {
    const cash = run(300);
    const sync = Array.from({ length: 50 }, (_, i) =>
      createEvent('sync.run.started', { runId: `r-${n}-${i}`, target: 'compta' }, { source: 'sync', siteId: 'site-1' }),
    );
    const events: AnyEvent[] = cash.flatMap((e, i) => (i % 6 === 0 ? [e, sync[i / 6]] : [e]));
    expect(await publishInOrder(bus, events)).toEqual({ stored: 350 });
    expect(await publishInOrder(bus, events.slice(100))).toEqual({ stored: 250 });
    const ids = new Set(events.map((e) => e.id));
    expect((await storedIds('CASH')).filter((id) => ids.has(id))).toEqual(cash.map((e) => e.id));
    expect((await storedIds('SYNC')).filter((id) => ids.has(id))).toEqual(sync.map((e) => e.id));
  });

  it('refuses the events after one that is not the last of its stream, so nothing overtakes it', async () => {
    const [a, b, c] = run(3);
    await publishInOrder(bus, [a, b]);
    // `a` again is a duplicate; `c` then expects `a` to be the stream's last message, which it is not.
    const result = await publishInOrder(bus, [a, c]);
    expect(result.stored).toBe(1);
    expect(String(result.error)).toMatch(/wrong last msg ID/);
    expect(await publishInOrder(bus, [c])).toEqual({ stored: 1 });
    const ids = new Set([a, b, c].map((e) => e.id));
    expect((await storedIds('CASH')).filter((id) => ids.has(id))).toEqual([a.id, b.id, c.id]);
  });

  it('stops before an event that breaks its contract', async () => {
    const [a, b, c] = run(3);
    const bad = { ...b, data: { ...b.data, openingAmount: -1 } } as AnyEvent;
    const result = await publishInOrder(bus, [a, bad, c]);
    expect(result.stored).toBe(1);
    expect(result.error).toBeInstanceOf(ContractError);
    const ids = new Set([a, b, c].map((e) => e.id));
    expect((await storedIds('CASH')).filter((id) => ids.has(id))).toEqual([a.id]);
  });
});
