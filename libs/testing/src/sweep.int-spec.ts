import { Client } from 'pg';
import { Bus, provisionStreams } from '@vigie/messaging';
import { createTestDatabase } from './database';
import { uniqueNamespace } from './namespace';
import { testNatsUrl } from './streams';
import { sweepStaleTestResources } from './sweep';

describe('sweepStaleTestResources', () => {
  it('deletes old test streams and databases, keeps recent ones and anything not named like a test', async () => {
    const bus = await Bus.connect({ url: testNatsUrl(), namespace: uniqueNamespace(), name: 'sweep-test' });
    await provisionStreams(bus, ['CASH', 'OPS']);
    const db = await createTestDatabase();
    const mine = (name: string) => name.startsWith(`${bus.topo.namespace.toUpperCase()}_`) || name === db.name;
    try {
      const kept = await sweepStaleTestResources(bus, { olderThanMs: 60_000, only: mine });
      expect(kept).toEqual({ streams: [], databases: [] });

      await new Promise((r) => setTimeout(r, 1100));
      const swept = await sweepStaleTestResources(bus, { olderThanMs: 1000, only: mine });
      expect(swept.streams.sort()).toEqual([bus.topo.streamName('CASH'), bus.topo.streamName('OPS')]);
      expect(swept.databases).toEqual([db.name]);
      const names: string[] = [];
      for await (const n of bus.jsm.streams.names()) if (mine(n)) names.push(n);
      expect(names).toEqual([]);
      const admin = new Client({ connectionString: 'postgres://postgres@127.0.0.1:5432/postgres' });
      await admin.connect();
      expect((await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [db.name])).rowCount).toBe(0);
      await admin.end();
    } finally {
      await db.drop();
      for await (const n of bus.jsm.streams.names()) if (mine(n)) await bus.jsm.streams.delete(n);
      await bus.close();
    }
  });
});
