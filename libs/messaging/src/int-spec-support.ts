import { randomBytes } from 'node:crypto';
import { Bus } from './bus';
import { provisionStreams } from './provision';

/** For this lib's own integration tests (@vigie/testing depends on this lib, not the other way). */
export async function testBus(name = 'messaging-test'): Promise<Bus> {
  const namespace = 't' + randomBytes(4).toString('hex');
  const bus = await Bus.connect({ url: process.env.TEST_NATS_URL || 'nats://127.0.0.1:4222', namespace, name });
  await provisionStreams(bus);
  return bus;
}

export async function destroyTestBus(bus: Bus): Promise<void> {
  const prefix = `${bus.topo.namespace.toUpperCase()}_`;
  if (!bus.topo.namespace) throw new Error('refusing to delete production streams');
  const names: string[] = [];
  for await (const n of bus.jsm.streams.names()) if (n.startsWith(prefix)) names.push(n);
  for (const n of names) await bus.jsm.streams.delete(n);
  await bus.close();
}

export async function eventually<T>(fn: () => T | Promise<T>, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await fn();
    } catch (e) {
      if (Date.now() > deadline) throw e;
      await new Promise((r) => setTimeout(r, 20));
    }
  }
}
