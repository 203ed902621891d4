import { STREAM_IDS } from '@vigie/contracts';
import { Bus, provisionStreams } from '@vigie/messaging';
import { createTestDatabase, deleteNamespaceStreams, randomToken, testNatsUrl, type TestDatabase } from '@vigie/testing';

export interface BenchEnvironment {
  namespace: string;
  database: TestDatabase;
  env: { NATS_URL: string; DATABASE_URL: string; VIGIE_NAMESPACE: string };
  bus: Bus;
  cleanup(): Promise<void>;
}

/**
 * Like `testEnvironment()`, with names the test sweeper does not claim (`bench…` streams, `vigie_bench_…`
 * databases): a `--full` run lasts longer than the sweeper's 30 minutes.
 */
export async function benchEnvironment(): Promise<BenchEnvironment> {
  const namespace = `bench${randomToken(6)}`;
  const database = await createTestDatabase('vigie_bench');
  const url = testNatsUrl();
  const bus = await Bus.connect({ url, namespace, name: 'bench' }).catch(async (e) => {
    await database.drop();
    throw e;
  });
  const cleanup = async () => {
    await deleteNamespaceStreams(bus).catch(() => undefined);
    await bus.close().catch(() => undefined);
    await database.drop().catch(() => undefined);
  };
  try {
    await provisionStreams(bus, STREAM_IDS);
  } catch (e) {
    await cleanup();
    throw e;
  }
  return { namespace, database, env: { NATS_URL: url, DATABASE_URL: database.url, VIGIE_NAMESPACE: namespace }, bus, cleanup };
}
