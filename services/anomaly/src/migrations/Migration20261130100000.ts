import { Migration } from '@mikro-orm/migrations';

export class Migration20261130100000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table "anomaly"."detector_state" (
        "rule_id" varchar(64) not null,
        "key" varchar(256) not null,
        "state" jsonb not null,
        primary key ("rule_id", "key")
      )`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "anomaly"."detector_state"`);
  }
}
