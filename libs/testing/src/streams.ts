import { Bus, provisionStreams } from '@vigie/messaging';
import { STREAM_IDS, type StreamId } from '@vigie/contracts';
import { createTestDatabase, type TestDatabase } from './database';
import { uniqueNamespace } from './namespace';
import { sweepStaleTestResources } from './sweep';

let swept = false;

export const DEFAULT_TEST_NATS_URL = 'nats://127.0.0.1:4222';

export function testNatsUrl(): string {
  return process.env.TEST_NATS_URL || DEFAULT_TEST_NATS_URL;
}

/** Deletes every stream of the bus's namespace; refuses the production (default) namespace. */
export async function deleteNamespaceStreams(bus: Bus): Promise<string[]> {
  const { namespace } = bus.topo;
  if (!namespace) throw new Error('deleteNamespaceStreams refuses the default namespace');
  const prefix = bus.topo.streamName(STREAM_IDS[0]).slice(0, -STREAM_IDS[0].length);
  const names: string[] = [];
  for await (const name of bus.jsm.streams.names()) {
    if (name.startsWith(prefix)) names.push(name);
  }
  for (const name of names) await bus.jsm.streams.delete(name);
  return names;
}

export interface TestEnvironment {
  namespace: string;
  database: TestDatabase;
  /** What a service under test reads from its environment. */
  env: { NATS_URL: string; DATABASE_URL: string; VIGIE_NAMESPACE: string };
  /** Connected in the namespace, with its streams provisioned. */
  bus: Bus;
  /** Deletes the namespace's streams, closes the bus, drops the database. */
  cleanup(): Promise<void>;
}

export interface TestEnvironmentOptions {
  /** Connection name (default `test`). */
  name?: string;
  streams?: readonly StreamId[];
}

/** The one-liner every integration test starts with: its own namespace and database. */
export async function testEnvironment(opts: TestEnvironmentOptions = {}): Promise<TestEnvironment> {
  const namespace = uniqueNamespace();
  const natsUrl = testNatsUrl();
  const database = await createTestDatabase();
  let bus: Bus;
  try {
    bus = await Bus.connect({ url: natsUrl, namespace, name: opts.name ?? 'test' });
  } catch (e) {
    await database.drop();
    throw e;
  }
  const cleanup = async () => {
    const errors: unknown[] = [];
    await deleteNamespaceStreams(bus).catch((e) => errors.push(e));
    await bus.close().catch((e) => errors.push(e));
    await database.drop().catch((e) => errors.push(e));
    if (errors.length > 0) throw errors[0];
  };
  if (!swept) {
    swept = true;
    await sweepStaleTestResources(bus).catch(() => undefined);
  }
  try {
    await provisionStreams(bus, opts.streams ?? STREAM_IDS);
  } catch (e) {
    await cleanup().catch(() => undefined);
    throw e;
  }
  return {
    namespace,
    database,
    env: { NATS_URL: natsUrl, DATABASE_URL: database.url, VIGIE_NAMESPACE: namespace },
    bus,
    cleanup,
  };
}
