import { MikroORM } from '@mikro-orm/core';
import { Migration } from '@mikro-orm/migrations';
import type { EntityManager, PostgreSqlDriver } from '@mikro-orm/postgresql';
import { randomBytes } from 'node:crypto';
import { withDatabase } from './database-url';
import { ormConfig, type PersistenceOptions } from './orm-config';
import { dropDatabase, prepareDatabase } from './prepare-database';
import { PROCESSED_EVENT_MIGRATION, markProcessed } from './processed-event';

class CreateWidget extends Migration {
  up(): void {
    this.addSql('create table "widget" (id serial primary key)');
  }
}
class AddWidgetName extends Migration {
  up(): void {
    this.addSql('alter table "widget" add column name text');
  }
}

const ADMIN_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

function options(): PersistenceOptions {
  return {
    databaseUrl: withDatabase(ADMIN_URL, `vigie_persist_${randomBytes(5).toString('hex')}`),
    schema: 'widgets',
    entities: [],
    migrations: [
      PROCESSED_EVENT_MIGRATION,
      { name: 'Migration20261130000000_widget', class: CreateWidget },
      { name: 'Migration20261130000100_widget_name', class: AddWidgetName },
    ],
  };
}

describe('prepareDatabase', () => {
  const created: string[] = [];
  const fresh = () => {
    const opts = options();
    created.push(opts.databaseUrl);
    return opts;
  };
  afterAll(async () => {
    for (const url of created) await dropDatabase(url);
  });

  async function withOrm<T>(opts: PersistenceOptions, work: (em: EntityManager) => Promise<T>): Promise<T> {
    const orm = await MikroORM.init<PostgreSqlDriver>(ormConfig(opts));
    try {
      return await work(orm.em.fork());
    } finally {
      await orm.close(true);
    }
  }

  it('creates the database and schema, applies every migration once, then is a no-op', async () => {
    const opts = fresh();
    const first = await prepareDatabase(opts);
    expect(first).toEqual({
      createdDatabase: true,
      applied: [PROCESSED_EVENT_MIGRATION.name, 'Migration20261130000000_widget', 'Migration20261130000100_widget_name'],
    });
    const second = await prepareDatabase(opts);
    expect(second).toEqual({ createdDatabase: false, applied: [] });

    const tables = await withOrm(opts, (em) =>
      em.execute(`select table_name from information_schema.tables where table_schema = 'widgets' order by table_name`),
    );
    expect(tables.map((t) => t.table_name)).toEqual(['mikro_orm_migrations', 'processed_event', 'widget']);
    const columns = await withOrm(opts, (em) =>
      em.execute(`select column_name from information_schema.columns where table_schema = 'widgets' and table_name = 'widget'`),
    );
    expect(columns.map((c) => c.column_name).sort()).toEqual(['id', 'name']);
  });

  it('applies a migration added later, and only that one', async () => {
    const opts = fresh();
    await prepareDatabase({ ...opts, migrations: opts.migrations.slice(0, 2) });
    const later = await prepareDatabase(opts);
    expect(later.applied).toEqual(['Migration20261130000100_widget_name']);
  });

  it('lets several services boot at once on a fresh database', async () => {
    const opts = fresh();
    const results = await Promise.all([prepareDatabase(opts), prepareDatabase(opts), prepareDatabase(opts)]);
    expect(results.map((r) => r.applied.length).sort()).toEqual([0, 0, 3]);
    expect(results.filter((r) => r.createdDatabase)).toHaveLength(1);
  });

  it('markProcessed records an event once per consumer, within the caller transaction', async () => {
    const opts = fresh();
    await prepareDatabase(opts);
    await withOrm(opts, async (em) => {
      expect(await em.transactional((tx) => markProcessed(tx, 'widgets-feed', 'evt-1'))).toBe(true);
      expect(await em.transactional((tx) => markProcessed(tx, 'widgets-feed', 'evt-1'))).toBe(false);
      expect(await em.transactional((tx) => markProcessed(tx, 'widgets-audit', 'evt-1'))).toBe(true);

      await expect(
        em.transactional(async (tx) => {
          await markProcessed(tx, 'widgets-feed', 'evt-2');
          throw new Error('effect failed');
        }),
      ).rejects.toThrow('effect failed');
      expect(await em.transactional((tx) => markProcessed(tx, 'widgets-feed', 'evt-2'))).toBe(true);
    });
  });
});
