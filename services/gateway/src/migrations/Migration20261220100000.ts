import type { MigrationObject } from '@mikro-orm/core';
import { Migration } from '@mikro-orm/migrations';

/** The accounts audit trail: who (account id) created, changed, disabled or reset which account. */
export class Migration20261220100000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table "gateway"."account_change" (
        "id" uuid primary key,
        "seq" bigserial not null,
        "at" timestamptz not null,
        "actor_id" uuid not null,
        "account_id" uuid not null,
        "action" varchar(32) not null,
        "role" varchar(16) null
      )`);
    this.addSql(`create unique index "account_change_seq" on "gateway"."account_change" ("seq")`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "gateway"."account_change"`);
  }
}

export const ACCOUNT_CHANGE_MIGRATION: MigrationObject = { name: 'Migration20261220100000_account_change', class: Migration20261220100000 };
