import { Migration } from '@mikro-orm/migrations';
import { OUTBOX_MIGRATION_SQL } from '@vigie/persistence';

const CATEGORIES = `('small_appliance', 'large_appliance', 'it_equipment', 'lighting', 'tools', 'toys',
  'medical_devices', 'monitoring_control', 'automatic_dispensers', 'other')`;

export class Migration20261201090000 extends Migration {
  override up(): void {
    this.addSql(`
      create table "classification" (
        "id" varchar(128) primary key,
        "deposit_id" varchar(128) not null,
        "site_id" varchar(128) not null,
        "model" varchar(128) not null,
        "category" varchar(32) not null check ("category" in ${CATEGORIES}),
        "confidence" double precision not null check ("confidence" between 0 and 1),
        "alternatives" jsonb not null,
        "latency_ms" int not null check ("latency_ms" >= 0),
        "fallback" boolean not null,
        "failed_model" varchar(128) null,
        "failure_code" varchar(64) null,
        "classified_at" timestamptz not null,
        "corrected_category" varchar(32) null check ("corrected_category" in ${CATEGORIES}),
        "corrected_at" timestamptz null
      )`);
    this.addSql(`create index "classification_deposit" on "classification" ("deposit_id")`);
    for (const sql of OUTBOX_MIGRATION_SQL) this.addSql(sql);
  }

  override down(): void {
    this.addSql(`drop table if exists "outbox", "classification"`);
  }
}
