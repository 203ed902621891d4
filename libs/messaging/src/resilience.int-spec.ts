import { createEvent } from '@vigie/contracts';
import { randomBytes } from 'node:crypto';
import { Bus } from './bus';
import { startConsumer, type ConsumerHandle } from './consumer';
import { eventually, PrivateNatsServer } from './int-spec-support';
import { provisionStreams } from './provision';
import { EventPublisher } from './publisher';

const quiet = { log: () => undefined, warn: () => undefined, error: () => undefined };

/** Runs against a private nats-server so it can be killed without disturbing other test files. */
describe('messaging across NATS restarts', () => {
  let server: PrivateNatsServer;
  let bus: Bus;
  let publisher: EventPublisher;
  let handle: ConsumerHandle | undefined;

  const opened = (sessionId: string, registerId = 'reg-1') =>
    createEvent(
      'cash.session.opened',
      { sessionId, registerId, operatorId: 'op-1', openingAmount: 10 },
      { source: 'cash', siteId: 'site-1' },
    );

  beforeAll(async () => {
    server = await PrivateNatsServer.start();
    bus = await Bus.connect({ url: server.url, namespace: 't' + randomBytes(4).toString('hex'), name: 'restart-test', logger: quiet });
    await provisionStreams(bus, ['CASH', 'DEADLETTER']);
    publisher = new EventPublisher(bus);
  });
  afterAll(async () => {
    await handle?.stop();
    await bus.close();
    await server.destroy();
  });

  it('stores a publish made while NATS is down once it is back, exactly once', async () => {
    const event = opened('while-down');
    await server.stop('SIGKILL');
    const publishing = publisher.publish(event);
    await new Promise((r) => setTimeout(r, 800));
    await server.restart();
    const result = await publishing;
    expect(result.duplicate).toBe(false);
    const stored = await bus.jsm.streams.getMessage(result.stream, { seq: result.seq });
    expect(stored!.json<{ id: string }>().id).toBe(event.id);
    expect(await publisher.publish(event)).toMatchObject({ seq: result.seq, duplicate: true });
  }, 30_000);

  it('keeps consuming after NATS restarts', async () => {
    const seen: string[] = [];
    handle = await startConsumer(bus, {
      stream: 'CASH',
      durable: 'restart-test',
      filterSubject: `${bus.topo.root}.cash.*.*.*.reg-2`,
      logger: quiet,
      handler: (e) => {
        seen.push((e.data as { sessionId: string }).sessionId);
      },
    });
    await publisher.publish(opened('before', 'reg-2'));
    await eventually(() => expect(handle!.stats.acked).toBe(1));
    expect(seen).toEqual(['before']);
    await server.stop();
    await new Promise((r) => setTimeout(r, 500));
    await server.restart();
    await publisher.publish(opened('after', 'reg-2'));
    await eventually(() => expect(handle!.stats.acked).toBe(2), 20_000);
    expect(seen).toEqual(['before', 'after']);
    expect((await handle.info()).running).toBe(true);
  }, 30_000);
});
