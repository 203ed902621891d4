import { Migration } from '@mikro-orm/migrations';
import { OUTBOX_MIGRATION_SQL } from '@vigie/persistence';

export class Migration20261130090000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table "anomaly"."anomaly" (
        "anomaly_id" varchar(64) primary key,
        "rule_id" varchar(64) not null,
        "rule_version" int not null,
        "site_id" varchar(128) not null,
        "key" varchar(256) not null,
        "severity" varchar(16) not null,
        "status" varchar(16) not null,
        "title" varchar(200) not null,
        "summary" text not null,
        "details" jsonb not null,
        "evidence" jsonb not null,
        "count" int not null,
        "first_seen_at" timestamptz not null,
        "last_seen_at" timestamptz not null,
        "updated_at" timestamptz not null
      )`);
    // At most one unresolved anomaly per (rule, key): a rule that keeps firing updates it.
    this.addSql(`create unique index "anomaly_open_rule_key" on "anomaly"."anomaly" ("rule_id", "key") where "status" <> 'resolved'`);
    this.addSql(`create index "anomaly_last_seen" on "anomaly"."anomaly" ("last_seen_at" desc)`);
    for (const sql of OUTBOX_MIGRATION_SQL) this.addSql(sql);
    this.addSql(`create table "anomaly"."checkpoint" ("stream" varchar(64) primary key, "seq" bigint not null)`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "anomaly"."checkpoint", "anomaly"."outbox", "anomaly"."anomaly"`);
  }
}
