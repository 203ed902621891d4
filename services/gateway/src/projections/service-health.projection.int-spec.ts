import { MikroORM } from '@mikro-orm/core';
import type { PostgreSqlDriver } from '@mikro-orm/postgresql';
import { createEvent, type AnyEvent } from '@vigie/contracts';
import { ormConfig, prepareDatabase } from '@vigie/persistence';
import { createTestDatabase, type TestDatabase } from '@vigie/testing';
import { persistenceOptions } from '../app.module';
import type { GatewayConfig } from '../config';
import { ServiceHealthProjection } from './service-health.projection';
import { ServiceHealthRepository } from './service-health.repository';

const NOW = new Date('2026-11-30T08:30:00.000Z');
const at = (minutesAgo: number) => new Date(NOW.getTime() - minutesAgo * 60_000);

const probe = (target: string, ok: boolean, minutesAgo: number): AnyEvent =>
  createEvent('ops.probe.completed', { target, ok, latencyMs: 10, ...(ok ? {} : { error: 'http 503' }) }, { source: 'monitor', siteId: 'global', occurredAt: at(minutesAgo) });
const heartbeat = (service: string, minutesAgo: number, version: string): AnyEvent =>
  createEvent('ops.heartbeat.emitted', { service, instanceId: `${service}-1`, version, startedAt: at(600).toISOString() }, { source: service, siteId: 'global', occurredAt: at(minutesAgo) });
const tick = (minutesAgo: number): AnyEvent => createEvent('ops.tick.emitted', {}, { source: 'monitor', siteId: 'global', occurredAt: at(minutesAgo) });

/** The OPS events of these tests, with their stream sequences 1..n. */
const HISTORY: AnyEvent[] = [
  probe('cash', true, 120),
  heartbeat('cash', 119, '0.1.0'),
  probe('cash', false, 90),
  tick(89),
  probe('cash', false, 60),
  probe('sync', true, 59),
  heartbeat('cash', 5, '0.1.1'),
  heartbeat('cash', 30, '0.1.0'),
  probe('cash', true, 1),
];
const sequenced = (from: number, to: number) => HISTORY.slice(from - 1, to).map((event, i) => ({ seq: from + i, event }));

describe('service-health projection (Postgres, batches)', () => {
  const databases: TestDatabase[] = [];
  const orms: MikroORM[] = [];

  async function fresh(): Promise<{ projection: ServiceHealthProjection; repository: ServiceHealthRepository }> {
    const db = await createTestDatabase();
    databases.push(db);
    const options = persistenceOptions({ DATABASE_URL: db.url } as GatewayConfig);
    await prepareDatabase(options);
    const orm = await MikroORM.init<PostgreSqlDriver>(ormConfig(options));
    orms.push(orm);
    return { projection: new ServiceHealthProjection(orm), repository: new ServiceHealthRepository(orm) };
  }

  afterAll(async () => {
    for (const orm of orms) await orm.close();
    for (const db of databases) await db.drop();
  });

  async function stateOf(repository: ServiceHealthRepository) {
    return {
      probes: await repository.probeCounts(NOW),
      heartbeats: await repository.heartbeats(),
      states: (await repository.targetStates()).sort((a, b) => a.target.localeCompare(b.target)),
    };
  }

  it('one batch or one event at a time: the same tables and the same changes', async () => {
    const batch = await fresh();
    const single = await fresh();
    const batched = await batch.projection.apply(sequenced(1, HISTORY.length));
    const oneByOne = [];
    for (const item of sequenced(1, HISTORY.length)) oneByOne.push(...(await single.projection.apply([item])).changes);
    expect(batched.applied).toBe(HISTORY.length);
    expect(batched.changes).toEqual(oneByOne);
    expect(batched.changes.map((c) => [c.service, c.up])).toEqual([
      ['cash', true],
      ['cash', false],
      ['sync', true],
      ['cash', true],
    ]);
    expect(await stateOf(batch.repository)).toEqual(await stateOf(single.repository));
    const { probes, heartbeats, states } = await stateOf(batch.repository);
    expect(probes).toEqual(
      expect.arrayContaining([
        { target: 'cash', ok24h: 2, failed24h: 2, ok7d: 2, failed7d: 2 },
        { target: 'sync', ok24h: 1, failed24h: 0, ok7d: 1, failed7d: 0 },
      ]),
    );
    expect(heartbeats).toEqual([{ service: 'cash', lastAt: at(5).toISOString(), version: '0.1.1' }]);
    expect(states.find((s) => s.target === 'cash')).toMatchObject({ up: true, since: at(1).toISOString() });
  });

  it('a redelivered batch, or one overlapping what was applied, changes nothing twice', async () => {
    const { projection, repository } = await fresh();
    await projection.apply(sequenced(1, 5));
    const before = await stateOf(repository);
    expect(await projection.apply(sequenced(1, 5))).toEqual({ applied: 0, changes: [] });
    expect(await stateOf(repository)).toEqual(before);
    const overlap = await projection.apply(sequenced(3, HISTORY.length));
    expect(overlap.applied).toBe(HISTORY.length - 5);
    const whole = await fresh();
    await whole.projection.apply(sequenced(1, HISTORY.length));
    expect(await stateOf(repository)).toEqual(await stateOf(whole.repository));
  });
});
