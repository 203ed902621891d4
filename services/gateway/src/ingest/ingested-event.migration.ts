import type { MigrationObject } from '@mikro-orm/core';
import { Migration } from '@mikro-orm/migrations';

export class CreateIngestedEventTable extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table "gateway"."ingested_event" (
        "event_id" varchar(128) primary key,
        "stream" varchar(64) not null,
        "seq" bigint not null,
        "received_at" timestamptz not null default now()
      )`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "gateway"."ingested_event"`);
  }
}

export const INGESTED_EVENT_MIGRATION: MigrationObject = {
  name: 'Migration20261201100000_ingested_event',
  class: CreateIngestedEventTable,
};
