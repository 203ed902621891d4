/** The outbox table, created in the service schema (migrations run with it as search_path). */
export const OUTBOX_MIGRATION_SQL = [
  `create table "outbox" (
    "id" bigserial primary key,
    "event_id" varchar(64) not null unique,
    "event_type" varchar(64) not null,
    "envelope" jsonb not null,
    "created_at" timestamptz not null default now(),
    "published_at" timestamptz null
  )`,
  `create index "outbox_unpublished" on "outbox" ("id") where "published_at" is null`,
];
