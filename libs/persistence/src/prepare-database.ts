import { MikroORM } from '@mikro-orm/core';
import { PostgreSqlDriver } from '@mikro-orm/postgresql';
import { databaseName, quoteIdent, withDatabase } from './database-url';
import { ormConfig, type PersistenceOptions } from './orm-config';

const DUPLICATE_DATABASE = '42P04';
const UNIQUE_VIOLATION = '23505';

async function maintenance<T>(databaseUrl: string, work: (orm: MikroORM<PostgreSqlDriver>) => Promise<T>): Promise<T> {
  const orm = await MikroORM.init<PostgreSqlDriver>({
    driver: PostgreSqlDriver,
    clientUrl: withDatabase(databaseUrl, 'postgres'),
    entities: [],
    discovery: { disableDynamicFileAccess: true, warnWhenNoEntities: false },
    ensureDatabase: false,
    pool: { min: 0, max: 1 },
  });
  try {
    return await work(orm);
  } finally {
    await orm.close(true);
  }
}

/** Creates the database of `databaseUrl` when missing. True when this call created it. */
export async function ensureDatabase(databaseUrl: string): Promise<boolean> {
  const name = databaseName(databaseUrl);
  return maintenance(databaseUrl, async (orm) => {
    const conn = orm.em.getConnection();
    const found = await conn.execute('select 1 from pg_database where datname = ?', [name]);
    if (found.length > 0) return false;
    try {
      await conn.execute(`create database ${quoteIdent(name)}`);
      return true;
    } catch (e) {
      // Another service created it between our check and our create: that is what we wanted.
      const code = (e as { code?: string }).code;
      if (code === DUPLICATE_DATABASE || code === UNIQUE_VIOLATION) return false;
      throw e;
    }
  });
}

/** Drops a database, closing its other connections (tests' throwaway databases). */
export async function dropDatabase(databaseUrl: string): Promise<void> {
  const name = databaseName(databaseUrl);
  await maintenance(databaseUrl, (orm) =>
    orm.em.getConnection().execute(`drop database if exists ${quoteIdent(name)} with (force)`),
  );
}

export interface PreparedDatabase {
  createdDatabase: boolean;
  /** Names of the migrations this call applied (empty when already up to date). */
  applied: string[];
}

/**
 * Run before a service serves: creates its database and schema if missing and applies pending
 * migrations. Services booting together serialize on a transaction-scoped advisory lock per schema,
 * so each migration runs once and a crashed boot releases the lock with its connection.
 */
export async function prepareDatabase(opts: PersistenceOptions): Promise<PreparedDatabase> {
  const createdDatabase = await ensureDatabase(opts.databaseUrl);
  const orm = await MikroORM.init<PostgreSqlDriver>({ ...ormConfig(opts), allowGlobalContext: true });
  try {
    const conn = orm.em.getConnection();
    const applied = await conn.transactional(async (lockTx) => {
      await conn.execute('select pg_advisory_xact_lock(hashtext(?))', [`vigie.migrate.${opts.schema}`], 'run', lockTx);
      await conn.execute(`create schema if not exists ${quoteIdent(opts.schema)}`);
      return orm.getMigrator().up();
    });
    return { createdDatabase, applied: applied.map((m) => m.name) };
  } finally {
    await orm.close(true);
  }
}
