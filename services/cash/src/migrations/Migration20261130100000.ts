import { Migration } from '@mikro-orm/migrations';
import { OUTBOX_MIGRATION_SQL } from '@vigie/persistence';

export class Migration20261130100000 extends Migration {
  override up(): void {
    this.addSql(`
      create table "cash_session" (
        "id" varchar(128) primary key,
        "site_id" varchar(128) not null,
        "register_id" varchar(128) not null,
        "operator_id" varchar(128) not null,
        "status" varchar(16) not null check ("status" in ('open', 'closed')),
        "opening_cents" bigint not null,
        "cash_sales_cents" bigint not null default 0,
        "total_sales_cents" bigint not null default 0,
        "sales_count" int not null default 0,
        "opened_at" timestamptz not null,
        "closed_at" timestamptz null,
        "expected_cents" bigint null,
        "counted_cents" bigint null,
        "variance_cents" bigint null,
        "comment" text null
      )`);
    // The last line of defence against two open sessions on one register (two requests racing).
    this.addSql(`create unique index "cash_session_one_open_per_register" on "cash_session" ("site_id", "register_id") where "status" = 'open'`);
    this.addSql(`
      create table "cash_sale" (
        "id" varchar(128) primary key,
        "session_id" varchar(128) not null references "cash_session" ("id"),
        "amount_cents" bigint not null check ("amount_cents" >= 0),
        "payment_method" varchar(16) not null,
        "item_count" int not null,
        "recorded_at" timestamptz not null
      )`);
    this.addSql(`create index "cash_sale_session" on "cash_sale" ("session_id")`);
    for (const sql of OUTBOX_MIGRATION_SQL) this.addSql(sql);
  }

  override down(): void {
    this.addSql(`drop table if exists "outbox", "cash_sale", "cash_session"`);
  }
}
