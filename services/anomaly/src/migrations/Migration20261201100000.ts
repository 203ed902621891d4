import { Migration } from '@mikro-orm/migrations';

/** Maintenance recommendations: the active set, and the cleared ones kept for their generation count. */
export class Migration20261201100000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table "recommendation" (
        "recommendation_id" varchar(64) primary key,
        "kind" varchar(64) not null,
        "site_id" varchar(128) not null,
        "subject" varchar(256) not null,
        "status" varchar(16) not null,
        "severity" varchar(16) not null,
        "title" varchar(200) not null,
        "summary" text not null,
        "evidence" jsonb not null,
        "actions" jsonb not null,
        "generation" int not null,
        "as_of" date not null,
        "issued_at" timestamptz not null,
        "cleared_at" timestamptz null,
        "updated_at" timestamptz not null
      )`);
    this.addSql(`create index "recommendation_active" on "recommendation" ("kind", "site_id") where "status" = 'active'`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "recommendation"`);
  }
}
