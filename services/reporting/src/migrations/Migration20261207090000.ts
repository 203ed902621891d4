import { Migration } from '@mikro-orm/migrations';
import { OUTBOX_MIGRATION_SQL } from '@vigie/persistence';

/**
 * Agenda's job table as @agendajs/postgres-backend 3.0.6 creates it (schema.ts), created here under
 * the migration lock instead of by each instance at connect: two instances booting together would
 * otherwise race on CREATE TABLE IF NOT EXISTS. The backend runs with `ensureSchema: false`.
 */
const AGENDA_JOBS_SQL = [
  `create table "agenda_jobs" (
    id uuid primary key default gen_random_uuid(),
    name varchar(255) not null,
    priority integer not null default 0,
    next_run_at timestamptz,
    type varchar(10) not null default 'normal' check (type in ('normal', 'single')),
    locked_at timestamptz,
    last_finished_at timestamptz,
    failed_at timestamptz,
    fail_count integer default null,
    fail_reason text,
    repeat_timezone varchar(100),
    last_run_at timestamptz,
    repeat_interval varchar(255),
    data jsonb default '{}'::jsonb,
    repeat_at varchar(255),
    disabled boolean default false,
    progress real,
    fork boolean default false,
    last_modified_by varchar(255),
    debounce_started_at timestamptz,
    start_date timestamptz,
    end_date timestamptz,
    skip_days jsonb,
    created_at timestamptz default now(),
    updated_at timestamptz default now()
  )`,
  `create index "agenda_jobs_find_and_lock_idx" on "agenda_jobs" (name, next_run_at, priority desc, locked_at, disabled) where disabled = false`,
  `create unique index "agenda_jobs_single_job_idx" on "agenda_jobs" (name) where type = 'single'`,
  `create index "agenda_jobs_locked_at_idx" on "agenda_jobs" (locked_at) where locked_at is not null`,
  `create index "agenda_jobs_next_run_at_idx" on "agenda_jobs" (next_run_at) where next_run_at is not null`,
  `create function update_agenda_jobs_updated_at() returns trigger as $$
    begin
      new.updated_at = now();
      return new;
    end;
  $$ language plpgsql`,
  `create trigger "agenda_jobs_updated_at_trigger" before update on "agenda_jobs"
    for each row execute function update_agenda_jobs_updated_at()`,
];

export class Migration20261207090000 extends Migration {
  override up(): void {
    this.addSql(`
      create table "weekly_report" (
        "iso_week" varchar(8) primary key,
        "report_id" varchar(64) not null unique,
        "from_day" date not null,
        "to_day" date not null,
        "generated_at" timestamptz not null,
        "event_id" varchar(64) not null,
        "report" jsonb not null,
        "summary" jsonb not null
      )`);
    this.addSql(`
      create table "report_delivery" (
        "id" bigserial primary key,
        "iso_week" varchar(8) not null references "weekly_report" ("iso_week") on delete cascade,
        "channel" varchar(16) not null,
        "recipient_ids" jsonb not null,
        "status" varchar(16) not null check ("status" in ('pending', 'sent', 'failed')),
        "attempts" int not null default 0,
        "last_error" text null,
        "created_at" timestamptz not null,
        "updated_at" timestamptz not null,
        "sent_at" timestamptz null,
        unique ("iso_week", "channel")
      )`);
    this.addSql(`create index "report_delivery_pending" on "report_delivery" ("id") where "status" = 'pending'`);
    this.addSql(`
      create table "job_run" (
        "id" bigserial primary key,
        "job_name" varchar(64) not null,
        "trigger" varchar(16) not null,
        "instance_id" varchar(128) not null,
        "started_at" timestamptz not null,
        "finished_at" timestamptz null,
        "outcome" varchar(16) not null check ("outcome" in ('running', 'succeeded', 'failed')),
        "error" text null,
        "summary" jsonb null
      )`);
    this.addSql(`create index "job_run_by_job" on "job_run" ("job_name", "id" desc)`);
    this.addSql(`create table "job_state" ("job_name" varchar(64) primary key, "registered_at" timestamptz not null)`);
    this.addSql(`
      create table "anomaly_timeline" (
        "anomaly_id" varchar(128) primary key,
        "rule_id" varchar(64) not null,
        "site_id" varchar(128) not null,
        "severity" varchar(16) not null,
        "raised_at" timestamptz not null,
        "raised_day" date not null,
        "acknowledged_at" timestamptz null,
        "acknowledged_day" date null,
        "resolved_at" timestamptz null,
        "resolved_day" date null
      )`);
    this.addSql(`create index "anomaly_timeline_raised" on "anomaly_timeline" ("raised_day")`);
    this.addSql(`create index "anomaly_timeline_acknowledged" on "anomaly_timeline" ("acknowledged_day")`);
    this.addSql(`create index "anomaly_timeline_resolved" on "anomaly_timeline" ("resolved_day")`);
    for (const sql of OUTBOX_MIGRATION_SQL) this.addSql(sql);
    for (const sql of AGENDA_JOBS_SQL) this.addSql(sql);
  }

  override down(): void {
    this.addSql(
      `drop table if exists "agenda_jobs", "outbox", "anomaly_timeline", "job_state", "job_run", "report_delivery", "weekly_report"`,
    );
    this.addSql(`drop function if exists update_agenda_jobs_updated_at()`);
  }
}
