import type { MigrationObject } from '@mikro-orm/core';
import { Migration } from '@mikro-orm/migrations';

/** `audit_log`: every audit request (events read, replays run): who (account id only), when, what range. */
export class Migration20261230100000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table "gateway"."audit_log" (
        "id" bigserial primary key,
        "account_id" varchar(64) not null,
        "at" timestamptz not null default now(),
        "action" varchar(32) not null,
        "stream" varchar(32),
        "from" timestamptz,
        "to" timestamptz,
        "details" jsonb not null default '{}',
        "status" int not null
      )`);
    this.addSql(`create index "audit_log_at" on "gateway"."audit_log" ("at")`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "gateway"."audit_log"`);
  }
}

export const AUDIT_LOG_MIGRATION: MigrationObject = { name: 'Migration20261230100000_audit_log', class: Migration20261230100000 };
