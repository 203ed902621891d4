import type { MigrationObject } from '@mikro-orm/core';
import { Migration } from '@mikro-orm/migrations';
import { OUTBOX_MIGRATION_SQL } from '@vigie/persistence';

/** Admin accounts, and the outbox that carries the gateway's own events (auth.login.*) to JetStream. */
export class Migration20261202100000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table "gateway"."account" (
        "id" uuid primary key,
        "login" varchar(64) not null,
        "role" varchar(16) not null check ("role" in ('super-admin', 'admin')),
        "password_hash" varchar(255) not null,
        "disabled" boolean not null default false,
        "session_version" int not null default 0,
        "created_at" timestamptz not null,
        "updated_at" timestamptz not null
      )`);
    this.addSql(`create unique index "account_login" on "gateway"."account" ("login")`);
    for (const sql of OUTBOX_MIGRATION_SQL) this.addSql(sql);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "gateway"."outbox"`);
    this.addSql(`drop table if exists "gateway"."account"`);
  }
}

export const ACCOUNT_MIGRATION: MigrationObject = { name: 'Migration20261202100000_account', class: Migration20261202100000 };
