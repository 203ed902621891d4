import type { EntityClass, EntitySchema, MigrationObject, Options } from '@mikro-orm/core';
import { Migrator } from '@mikro-orm/migrations';
import { MikroOrmModule } from '@mikro-orm/nestjs';
import { PostgreSqlDriver } from '@mikro-orm/postgresql';
import type { DynamicModule } from '@nestjs/common';
import { quoteIdent } from './database-url';

export const MIGRATIONS_TABLE = 'mikro_orm_migrations';

export interface PersistenceOptions {
  databaseUrl: string;
  /** The Postgres schema this service owns (`cash`, `anomaly`, ...): default schema of its tables. */
  schema: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  entities: (EntitySchema<any> | EntityClass<any>)[];
  /** Ordered; applied in this order, each once. Names must be unique and never change. */
  migrations: MigrationObject[];
  debug?: boolean;
  poolMax?: number;
}

interface PgClient {
  query(sql: string, callback: (err: Error | null) => void): void;
}

const SCHEMA_PATTERN = /^[a-z_][a-z0-9_]{0,62}$/;

/** MikroORM options of a Vigie service: Postgres, one schema, explicit entities and migrations, no file access. */
export function ormConfig(opts: PersistenceOptions): Options<PostgreSqlDriver> {
  if (!SCHEMA_PATTERN.test(opts.schema)) throw new Error(`schema "${opts.schema}" must match ${SCHEMA_PATTERN}`);
  return {
    driver: PostgreSqlDriver,
    clientUrl: opts.databaseUrl,
    schema: opts.schema,
    entities: opts.entities,
    // swc emits no reliable design types and ts-morph is not shipped: entities declare their types.
    discovery: { disableDynamicFileAccess: true, warnWhenNoEntities: false },
    // prepareDatabase() creates the database and schema under a lock; the ORM's own check races.
    ensureDatabase: false,
    allowGlobalContext: false,
    extensions: [Migrator],
    migrations: {
      migrationsList: opts.migrations,
      tableName: `${opts.schema}.${MIGRATIONS_TABLE}`,
      transactional: true,
      allOrNothing: true,
      snapshot: false,
      silent: true,
    },
    pool: {
      min: 0,
      max: opts.poolMax ?? 10,
      // Migrations and raw SQL name tables without a schema: they must land in the service's own.
      afterCreate: (conn: PgClient, done: (err: Error | null, conn: PgClient) => void) =>
        conn.query(`set search_path to ${quoteIdent(opts.schema)}, public`, (err) => done(err, conn)),
    },
    debug: opts.debug ?? false,
  };
}

/** `MikroOrmModule.forRoot` for a service (run `prepareDatabase` before the app boots). */
export function ormModule(opts: PersistenceOptions): DynamicModule | Promise<DynamicModule> {
  return MikroOrmModule.forRoot({ ...ormConfig(opts), registerRequestContext: true });
}
