import { Client } from 'pg';
import { STREAM_IDS } from '@vigie/contracts';
import type { Bus } from '@vigie/messaging';
import { DEFAULT_TEST_DATABASE_URL } from './database';

/** Names only `uniqueNamespace()` + `createTestDatabase()` (default prefix) produce. */
const TEST_STREAM = new RegExp(`^T[A-Z0-9]{8}_(${STREAM_IDS.join('|')})$`);
const TEST_DATABASE = /^vigie_t_[a-z0-9]{10}$/;

export interface SweepResult {
  streams: string[];
  databases: string[];
}

/**
 * Deletes test streams and databases older than `olderThanMs`: what test runs killed before their
 * cleanup left behind on the shared NATS and Postgres. No test lives that long.
 */
export async function sweepStaleTestResources(
  bus: Bus,
  opts: { olderThanMs?: number; only?: (name: string) => boolean } = {},
): Promise<SweepResult> {
  const cutoff = Date.now() - (opts.olderThanMs ?? 30 * 60_000);
  const only = opts.only ?? (() => true);
  const streams: string[] = [];
  for await (const si of bus.jsm.streams.list()) {
    if (TEST_STREAM.test(si.config.name) && only(si.config.name) && Date.parse(si.created) < cutoff) streams.push(si.config.name);
  }
  for (const name of streams) await bus.jsm.streams.delete(name).catch(() => undefined);

  const client = new Client({ connectionString: process.env.TEST_DATABASE_URL || DEFAULT_TEST_DATABASE_URL });
  await client.connect();
  const databases: string[] = [];
  try {
    const { rows } = await client.query<{ datname: string; created: Date }>(
      `SELECT datname, (pg_stat_file('base/' || oid || '/PG_VERSION')).modification AS created
         FROM pg_database WHERE datname LIKE 'vigie\\_t\\_%'`,
    );
    for (const { datname, created } of rows) {
      if (!TEST_DATABASE.test(datname) || !only(datname) || created.getTime() >= cutoff) continue;
      await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`).catch(() => undefined);
      databases.push(datname);
    }
  } finally {
    await client.end();
  }
  return { streams, databases };
}
