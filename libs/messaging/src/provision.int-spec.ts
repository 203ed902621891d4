import { StorageType } from '@nats-io/jetstream';
import { nanos } from '@nats-io/nats-core';
import { STREAM_IDS } from '@vigie/contracts';
import { Bus } from './bus';
import { destroyTestBus } from './int-spec-support';
import { provisionStreams, StreamConfigMismatchError } from './provision';
import { randomBytes } from 'node:crypto';

const url = process.env.TEST_NATS_URL || 'nats://127.0.0.1:4222';

describe('provisionStreams (real NATS)', () => {
  let bus: Bus;
  beforeEach(async () => {
    bus = await Bus.connect({ url, namespace: 't' + randomBytes(4).toString('hex'), name: 'provision-test' });
  });
  afterEach(() => destroyTestBus(bus));

  it('creates every stream with the subjects of its namespace, file storage and a 2 min duplicate window', async () => {
    const infos = await provisionStreams(bus);
    expect(infos.map((i) => i.config.name)).toEqual(STREAM_IDS.map((id) => bus.topo.streamName(id)));
    const cash = await bus.jsm.streams.info(bus.topo.streamName('CASH'));
    expect(cash.config).toMatchObject({
      name: `${bus.topo.namespace.toUpperCase()}_CASH`,
      subjects: [`recyclic-${bus.topo.namespace}.cash.>`],
      storage: 'file',
      retention: 'limits',
      num_replicas: 1,
      duplicate_window: nanos(120_000),
    });
  });

  it('is idempotent, also when several services provision at the same time', async () => {
    const others = await Promise.all([1, 2, 3].map(() => Bus.connect({ url, namespace: bus.topo.namespace, name: 'other' })));
    try {
      await Promise.all([bus, ...others].map((b) => provisionStreams(b, ['CASH', 'ANOMALY'])));
      await bus.js.publish(`${bus.topo.root}.cash.x`, 'kept');
      await provisionStreams(bus, ['CASH', 'ANOMALY']);
      const info = await bus.jsm.streams.info(bus.topo.streamName('CASH'));
      expect(info.state.messages).toBe(1);
    } finally {
      await Promise.all(others.map((b) => b.close()));
    }
  });

  it('updates a stream whose subjects or duplicate window drifted, keeping its messages', async () => {
    const name = bus.topo.streamName('CASH');
    await bus.jsm.streams.add({ name, subjects: [`${bus.topo.root}.cash.session.>`], duplicate_window: nanos(5_000) });
    await bus.js.publish(`${bus.topo.root}.cash.session.x`, 'old');
    const [info] = await provisionStreams(bus, ['CASH']);
    expect(info.config.subjects).toEqual([`${bus.topo.root}.cash.>`]);
    expect(info.config.duplicate_window).toBe(nanos(120_000));
    expect(info.state.messages).toBe(1);
    await expect(bus.js.publish(`${bus.topo.root}.cash.sale.x`, 'new')).resolves.toMatchObject({ seq: 2 });
  });

  it('refuses a stream whose storage cannot be changed in place', async () => {
    const name = bus.topo.streamName('OPS');
    await bus.jsm.streams.add({ name, subjects: bus.topo.streamSubjects('OPS'), storage: StorageType.Memory });
    const attempt = provisionStreams(bus, ['OPS']);
    await expect(attempt).rejects.toBeInstanceOf(StreamConfigMismatchError);
    await expect(provisionStreams(bus, ['OPS'])).rejects.toThrow(`stream ${name} does not have the expected configuration: storage is memory, expected file`);
  });

  it('fails clearly when the server cannot give the replicas asked for', async () => {
    await expect(provisionStreams(bus, ['AUTH'], { replicas: 3 })).rejects.toThrow(/^cannot provision stream T[A-Z0-9]+_AUTH: .*replicas/i);
  });
});
