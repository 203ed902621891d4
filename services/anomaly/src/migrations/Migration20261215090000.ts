import { Migration } from '@mikro-orm/migrations';

/** Flapping: anomalies marked as folding the flaps of their (rule, key), and what recognises them. */
export class Migration20261215090000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "anomaly" add column "flapping" boolean not null default false`);
    this.addSql(`
      create table "anomaly_flap" (
        "rule_id" varchar(64) not null,
        "key" varchar(256) not null,
        "raises" jsonb not null,
        "flapping_anomaly_id" varchar(64),
        "cleared" boolean not null default false,
        "last_flap_at" timestamptz,
        primary key ("rule_id", "key")
      )`);
    // Ticks look at the flapping ones only.
    this.addSql(`create index "anomaly_flap_flapping" on "anomaly_flap" ("rule_id", "key") where "flapping_anomaly_id" is not null`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "anomaly_flap"`);
    this.addSql(`alter table "anomaly" drop column if exists "flapping"`);
  }
}
