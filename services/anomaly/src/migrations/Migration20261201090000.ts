import { Migration } from '@mikro-orm/migrations';

/** The KPI projection (kpi_daily), its checkpoint per input stream and the service instances it knows. */
export class Migration20261201090000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table "kpi_daily" (
        "day" date not null,
        "site_id" varchar(128) not null,
        "kind" varchar(16) not null,
        "key" varchar(256) not null,
        "counters" jsonb not null,
        primary key ("day", "site_id", "kind", "key")
      )`);
    this.addSql(`create index "kpi_daily_kind_day" on "kpi_daily" ("kind", "day")`);
    this.addSql(`create table "projection_checkpoint" ("stream" varchar(64) primary key, "seq" bigint not null)`);
    this.addSql(`
      create table "projection_instance" (
        "service" varchar(128) not null,
        "instance_id" varchar(128) not null,
        "first_seen_at" timestamptz not null,
        primary key ("service", "instance_id")
      )`);
    // Adds two counter maps key by key, so an upsert increments a row in one statement.
    this.addSql(`
      create function "kpi_add"(a jsonb, b jsonb) returns jsonb language sql immutable as $$
        select coalesce(jsonb_object_agg(k, coalesce((a ->> k)::bigint, 0) + coalesce((b ->> k)::bigint, 0)), '{}'::jsonb)
        from (select jsonb_object_keys(a) as k union select jsonb_object_keys(b)) as keys
      $$`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop function if exists "kpi_add"(jsonb, jsonb)`);
    this.addSql(`drop table if exists "projection_instance", "projection_checkpoint", "kpi_daily"`);
  }
}
