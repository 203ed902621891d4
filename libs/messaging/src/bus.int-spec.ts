import { Bus } from './bus';

const url = process.env.TEST_NATS_URL || 'nats://127.0.0.1:4222';

describe('Bus', () => {
  it('connects with the topology of its namespace and closes once, even when asked twice', async () => {
    const bus = await Bus.connect({ url: `${url}, ${url}`, namespace: 'tbus1', name: 'bus-test' });
    expect(bus.topo.streamName('CASH')).toBe('TBUS1_CASH');
    expect(bus.topo.root).toBe('recyclic-tbus1');
    expect(bus.isClosed()).toBe(false);
    await Promise.all([bus.close(), bus.close()]);
    expect(bus.isClosed()).toBe(true);
    await bus.close();
  });

  it('uses the production names without a namespace and refuses an invalid one', async () => {
    const bus = await Bus.connect({ url, name: 'bus-test' });
    expect(bus.topo.streamName('CASH')).toBe('CASH');
    await bus.close();
    await expect(Bus.connect({ url, namespace: 'Bad-NS', name: 'bus-test' })).rejects.toThrow(/namespace must match/);
  });

  it('fails fast when no server answers', async () => {
    await expect(Bus.connect({ url: 'nats://127.0.0.1:1', name: 'bus-test' })).rejects.toThrow();
  });
});
