import { Migration } from '@mikro-orm/migrations';

export class Migration20261130110000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table "rule_override" (
        "rule_id" varchar(64) not null,
        "site_id" varchar(128) not null default '',
        "subject" varchar(256) not null default '',
        "enabled" boolean null,
        "severity" varchar(16) null,
        "params" jsonb not null default '{}',
        "updated_by" varchar(128) not null,
        "updated_at" timestamptz not null,
        primary key ("rule_id", "site_id", "subject")
      )`);
    this.addSql(`create table "rule_revision" ("rule_id" varchar(64) primary key, "revision" int not null)`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "rule_override", "rule_revision"`);
  }
}
