import { Migration } from '@mikro-orm/migrations';

export class Migration20261130100000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table "gateway"."anomaly_view" (
        "anomaly_id" varchar(128) primary key,
        "rule_id" varchar(64) not null,
        "rule_version" int not null,
        "severity" varchar(16) not null,
        "status" varchar(16) not null,
        "site_id" varchar(128) not null,
        "key" varchar(256) not null,
        "title" varchar(200) not null,
        "summary" text not null,
        "evidence" jsonb not null,
        "details" jsonb not null,
        "count" int not null,
        "raised_at" timestamptz not null,
        "updated_at" timestamptz not null,
        "seq" bigint not null,
        "first_seq" bigint not null,
        "last_event_type" varchar(64) not null
      )`);
    // Each ANOMALY event updates one row, so seq is unique; resumes read `seq > $1 order by seq`.
    this.addSql(`create unique index "anomaly_view_seq" on "gateway"."anomaly_view" ("seq")`);
    this.addSql(`create index "anomaly_view_newest" on "gateway"."anomaly_view" ("raised_at" desc, "first_seq" desc)`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "gateway"."anomaly_view"`);
  }
}
