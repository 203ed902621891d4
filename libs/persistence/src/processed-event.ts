import type { MigrationObject } from '@mikro-orm/core';
import { Migration } from '@mikro-orm/migrations';
import type { EntityManager } from '@mikro-orm/postgresql';
import { quoteIdent } from './database-url';

export const PROCESSED_EVENT_TABLE = 'processed_event';

function table(schema: string): string {
  return `${quoteIdent(schema)}.${quoteIdent(PROCESSED_EVENT_TABLE)}`;
}

/** Creates `<schema>.processed_event`; add `PROCESSED_EVENT_MIGRATION` to a service's migrations to use `markProcessed`. */
export class CreateProcessedEventTable extends Migration {
  up(): void {
    const schema = this.config.get('schema') as string;
    this.addSql(
      `create table ${table(schema)} (consumer text not null, event_id text not null, ` +
        `processed_at timestamptz not null default now(), primary key (consumer, event_id))`,
    );
  }
}

export const PROCESSED_EVENT_MIGRATION: MigrationObject = {
  name: 'Migration00000000000000_vigie_processed_event',
  class: CreateProcessedEventTable,
};

/**
 * Records that `consumer` handled `eventId`, inside the caller's transaction (pass the
 * transactional `em`). False when it was already recorded: the caller skips its effect, so a
 * redelivered event changes nothing. If the transaction rolls back, the mark goes with it.
 */
export async function markProcessed(em: EntityManager, consumer: string, eventId: string): Promise<boolean> {
  const schema = em.config.get('schema') as string;
  const rows = await em.execute(
    `insert into ${table(schema)} (consumer, event_id) values (?, ?) on conflict do nothing returning 1 as inserted`,
    [consumer, eventId],
  );
  return rows.length === 1;
}
