import { Migration } from '@mikro-orm/migrations';

export class Migration20261130100000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table "notification"."delivery" (
        "delivery_id" varchar(64) primary key,
        "anomaly_id" varchar(128) not null,
        "anomaly_event_id" varchar(64) not null,
        "site_id" varchar(128) not null,
        "transition" varchar(16) not null,
        "channel" varchar(16) not null,
        "recipient" varchar(128) not null,
        "status" varchar(16) not null,
        "attempts" int not null,
        "telegram_message_id" bigint null,
        "last_error_code" varchar(128) null,
        "last_error_message" text null,
        "outcome_published" boolean not null default false,
        "created_at" timestamptz not null,
        "updated_at" timestamptz not null,
        "finished_at" timestamptz null,
        constraint "delivery_event_channel_recipient_unique" unique ("anomaly_event_id", "channel", "recipient")
      )`);
    this.addSql(`create index "delivery_anomaly" on "notification"."delivery" ("anomaly_id")`);
    this.addSql(`
      create table "notification"."alert_state" (
        "anomaly_id" varchar(128) primary key,
        "severity" varchar(16) not null,
        "last_event_id" varchar(64) not null,
        "updated_at" timestamptz not null
      )`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "notification"."alert_state", "notification"."delivery"`);
  }
}
