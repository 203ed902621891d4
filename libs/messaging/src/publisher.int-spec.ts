import { ContractError, createEvent, eventSubject } from '@vigie/contracts';
import type { Bus } from './bus';
import { destroyTestBus, testBus } from './int-spec-support';
import { EventPublisher } from './publisher';

describe('EventPublisher (real NATS)', () => {
  let bus: Bus;
  let publisher: EventPublisher;

  beforeAll(async () => {
    bus = await testBus();
    publisher = new EventPublisher(bus);
  });
  afterAll(() => destroyTestBus(bus));

  const opened = (registerId = 'reg-1') =>
    createEvent(
      'cash.session.opened',
      { sessionId: 'sess-1', registerId, operatorId: 'op-1', openingAmount: 100 },
      { source: 'cash', siteId: 'site-1' },
    );

  it('stores an event on its stream under the subject of its type, with the id as Nats-Msg-Id', async () => {
    const event = opened();
    const result = await publisher.publish(event);
    expect(result).toEqual({ stream: bus.topo.streamName('CASH'), seq: expect.any(Number), duplicate: false });
    const stored = await bus.jsm.streams.getMessage(result.stream, { seq: result.seq });
    expect(stored!.subject).toBe(eventSubject(bus.topo, event));
    expect(stored!.subject).toBe(`${bus.topo.root}.cash.session.opened.site-1.reg-1`);
    expect(stored!.header.get('Nats-Msg-Id')).toBe(event.id);
    expect(stored!.json()).toEqual(event);
  });

  it('stores the same event once when it is published twice', async () => {
    const event = opened('reg-dup');
    const first = await publisher.publish(event);
    const second = await publisher.publish(event);
    expect(first.duplicate).toBe(false);
    expect(second).toEqual({ stream: first.stream, seq: first.seq, duplicate: true });
    const info = await bus.jsm.streams.info(first.stream, { subjects_filter: `${bus.topo.root}.cash.session.opened.site-1.reg-dup` });
    expect(info.state.subjects).toEqual({ [`${bus.topo.root}.cash.session.opened.site-1.reg-dup`]: 1 });
  });

  it('refuses an invalid event with a ContractError and publishes nothing', async () => {
    const before = (await bus.jsm.streams.info(bus.topo.streamName('CASH'))).state.last_seq;
    const bad = { ...opened(), data: { sessionId: 'sess-1', registerId: 'reg 1', operatorId: 'op-1', openingAmount: -1 } };
    await expect(publisher.publish(bad as any)).rejects.toBeInstanceOf(ContractError);
    await expect(publisher.publish(bad as any)).rejects.toThrow(/data\.registerId.*data\.openingAmount/s);
    const after = (await bus.jsm.streams.info(bus.topo.streamName('CASH'))).state.last_seq;
    expect(after).toBe(before);
  });
});
