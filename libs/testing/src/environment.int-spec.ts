import { Client } from 'pg';
import { STREAM_IDS } from '@vigie/contracts';
import { Bus, EventPublisher } from '@vigie/messaging';
import { createTestDatabase } from './database';
import { collectEvents, waitForEvent } from './events';
import { cashSessionClosed, makeEvent } from './factories';
import { uniqueNamespace } from './namespace';
import { deleteNamespaceStreams, testEnvironment, testNatsUrl, type TestEnvironment } from './streams';

describe('uniqueNamespace', () => {
  it("is 't' + 8 random [a-z0-9]", () => {
    const seen = new Set(Array.from({ length: 200 }, () => uniqueNamespace()));
    expect(seen.size).toBe(200);
    for (const ns of seen) expect(ns).toMatch(/^t[a-z0-9]{8}$/);
  });
});

describe('createTestDatabase', () => {
  it('creates a database that can be used, then drops it even while a client is connected', async () => {
    const db = await createTestDatabase();
    expect(db.name).toMatch(/^vigie_t_[a-z0-9]{10}$/);
    const client = new Client({ connectionString: db.url });
    await client.connect();
    client.on('error', () => undefined);
    expect((await client.query('SELECT current_database() AS name')).rows[0].name).toBe(db.name);
    await db.drop();
    await client.end().catch(() => undefined);
    const admin = new Client({ connectionString: 'postgres://postgres@127.0.0.1:5432/postgres' });
    await admin.connect();
    const left = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [db.name]);
    await admin.end();
    expect(left.rowCount).toBe(0);
  });
});

describe('testEnvironment', () => {
  let t: TestEnvironment;
  let publisher: EventPublisher;

  beforeAll(async () => {
    t = await testEnvironment();
    publisher = new EventPublisher(t.bus);
  });
  afterAll(async () => {
    await t?.cleanup();
  });

  it('gives a namespace, a database and the env a service reads, with every stream provisioned', async () => {
    expect(t.env).toEqual({ NATS_URL: testNatsUrl(), DATABASE_URL: t.database.url, VIGIE_NAMESPACE: t.namespace });
    expect(t.bus.topo.namespace).toBe(t.namespace);
    for (const id of STREAM_IDS) await expect(t.bus.jsm.streams.info(t.bus.topo.streamName(id))).resolves.toBeDefined();
  });

  it('waitForEvent finds an event already stored and one published while it waits', async () => {
    const first = cashSessionClosed({ registerId: 'reg-w', openingAmount: 100, cashSales: 10, countedCash: 90 });
    const { seq } = await publisher.publish(first);
    const found = await waitForEvent(t.bus, 'CASH', (e) => e.id === first.id);
    expect(found).toEqual({ event: first, seq, subject: `${t.bus.topo.root}.cash.session.closed.site-1.reg-w` });

    const later = makeEvent('cash.session.opened', { registerId: 'reg-w' });
    const waiting = waitForEvent(t.bus, 'CASH', (e) => e.id === later.id, { fromSeq: seq + 1 });
    setTimeout(() => void publisher.publish(later), 100);
    await expect(waiting).resolves.toMatchObject({ event: later });
  });

  it('waitForEvent rejects on timeout listing what it saw', async () => {
    await expect(waitForEvent(t.bus, 'CASH', () => false, { timeoutMs: 300 })).rejects.toThrow(
      /no matching event on T[A-Z0-9]+_CASH within 300 ms; saw \d+:\n  #1 cash\.session\.closed/,
    );
  });

  it('collectEvents returns the events currently stored, filtered by subject', async () => {
    const a = makeEvent('sync.run.started', { target: 'compta' });
    const b = makeEvent('sync.run.started', { target: 'drive' });
    await publisher.publish(a);
    await publisher.publish(b);
    const all = await collectEvents(t.bus, 'SYNC');
    expect(all.map((f) => f.event.id)).toEqual([a.id, b.id]);
    const filtered = await collectEvents(t.bus, 'SYNC', { filterSubject: `${t.bus.topo.root}.sync.*.*.*.drive` });
    expect(filtered.map((f) => f.event.id)).toEqual([b.id]);
    expect(await collectEvents(t.bus, 'AI')).toEqual([]);
  });
});

describe('deleteNamespaceStreams', () => {
  it("deletes only its namespace's streams and refuses the default namespace", async () => {
    const a = await testEnvironment({ streams: ['CASH', 'OPS'] });
    const b = await testEnvironment({ streams: ['CASH'] });
    try {
      expect((await deleteNamespaceStreams(a.bus)).sort()).toEqual([a.bus.topo.streamName('CASH'), a.bus.topo.streamName('OPS')]);
      await expect(b.bus.jsm.streams.info(b.bus.topo.streamName('CASH'))).resolves.toBeDefined();
      const prod = await Bus.connect({ url: testNatsUrl(), name: 'test' });
      await expect(deleteNamespaceStreams(prod)).rejects.toThrow(/refuses the default namespace/);
      await prod.close();
    } finally {
      await a.cleanup();
      await b.cleanup();
    }
  });
});
