import type { MigrationObject } from '@mikro-orm/core';
import { Migration } from '@mikro-orm/migrations';
import { DURABLES } from '@vigie/contracts';

/**
 * The service-health projection of the OPS stream: probe results per target and hour (uptime over
 * 24 h / 7 d), each target's latest probe state (health-change pushes), each service's last
 * heartbeat, and the OPS sequence it reflects.
 */
export class Migration20261210100000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table "gateway"."probe_hourly" (
        "target" varchar(128) not null,
        "hour" timestamptz not null,
        "ok" int not null default 0,
        "failed" int not null default 0,
        primary key ("target", "hour")
      )`);
    this.addSql(`create index "probe_hourly_hour" on "gateway"."probe_hourly" ("hour")`);
    this.addSql(`
      create table "gateway"."target_state" (
        "target" varchar(128) primary key,
        "up" boolean not null,
        "since" timestamptz not null,
        "last_probe_at" timestamptz not null,
        "latency_ms" int not null,
        "error" varchar(2000)
      )`);
    this.addSql(`
      create table "gateway"."service_heartbeat" (
        "service" varchar(128) primary key,
        "last_at" timestamptz not null,
        "instance_id" varchar(128) not null,
        "version" varchar(64) not null,
        "started_at" timestamptz not null
      )`);
    this.addSql(`create table "gateway"."projection_checkpoint" ("name" varchar(64) primary key, "seq" bigint not null)`);
    this.addSql(`insert into "gateway"."projection_checkpoint" ("name", "seq") values ('${DURABLES.gatewayHealth}', 0)`);
  }

  override async down(): Promise<void> {
    for (const table of ['projection_checkpoint', 'service_heartbeat', 'target_state', 'probe_hourly']) {
      this.addSql(`drop table if exists "gateway"."${table}"`);
    }
  }
}

export const SERVICE_HEALTH_MIGRATION: MigrationObject = {
  name: 'Migration20261210100000_service_health',
  class: Migration20261210100000,
};
