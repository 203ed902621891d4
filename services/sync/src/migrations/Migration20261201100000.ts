import { Migration } from '@mikro-orm/migrations';
import { OUTBOX_MIGRATION_SQL } from '@vigie/persistence';

export class Migration20261201100000 extends Migration {
  override up(): void {
    this.addSql(`
      create table "sync_run" (
        "id" varchar(64) primary key,
        "target" varchar(128) not null,
        "site_id" varchar(128) not null,
        "trigger" varchar(16) not null check ("trigger" in ('api', 'schedule')),
        "status" varchar(16) not null check ("status" in ('running', 'succeeded', 'failed')),
        "attempts" int not null default 0 check ("attempts" >= 0),
        "item_count" int null,
        "error_code" varchar(128) null,
        "error_message" text null,
        "started_at" timestamptz not null,
        "finished_at" timestamptz null
      )`);
    // One run of a target at a time, even when a request and the scheduler race.
    this.addSql(`create unique index "sync_run_one_running_per_target" on "sync_run" ("target") where "status" = 'running'`);
    this.addSql(`create index "sync_run_target_started" on "sync_run" ("target", "started_at" desc)`);
    for (const sql of OUTBOX_MIGRATION_SQL) this.addSql(sql);
  }

  override down(): void {
    this.addSql(`drop table if exists "outbox", "sync_run"`);
  }
}
