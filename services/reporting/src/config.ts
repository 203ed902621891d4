import { CronExpressionParser } from 'cron-parser';
import { z } from 'zod';
import { CommonEnv, list, port, url } from '@vigie/config';

export const SERVICE = 'reporting';

const ms = (fallback: number, min: number, max = 86_400_000) => z.coerce.number().int().min(min).max(max).default(fallback);
const days = (fallback: number) => z.coerce.number().int().min(1).max(3650).default(fallback);

const cron = z.string().refine((expr) => {
  try {
    CronExpressionParser.parse(expr);
    return true;
  } catch {
    return false;
  }
}, 'must be a cron expression such as "0 8 * * 1"');

const timeZone = z.string().refine((tz) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}, 'must be an IANA time zone such as Europe/Paris');

const baseUrl = url(['http', 'https']).transform((v) => v.replace(/\/+$/, ''));

export const ReportingEnv = CommonEnv.extend({
  REPORTING_PORT: port(3130),
  /** Where the KPI projection (`GET /kpis`) and the recommendations live. */
  ANOMALY_URL: baseUrl.default('http://127.0.0.1:3110'),
  /** Where Agenda keeps its jobs and locks: Postgres (the `reporting` schema) or MongoDB. */
  AGENDA_BACKEND: z.enum(['postgres', 'mongo']).default('postgres'),
  MONGODB_URL: url(['mongodb', 'mongodb+srv']).optional(),
  /** How often Agenda looks for due jobs (Postgres also wakes it by LISTEN/NOTIFY), ms. */
  AGENDA_PROCESS_EVERY_MS: ms(5000, 100, 300_000),
  /** A job locked longer than this is taken over by another instance (it is presumed dead), ms. */
  AGENDA_LOCK_LIFETIME_MS: ms(600_000, 1000),
  /** The weekly report: cron and time zone (DST-aware). The report covers the ISO week before the run. */
  REPORT_CRON: cron.default('0 8 * * 1'),
  REPORT_TIMEZONE: timeZone.default('Europe/Paris'),
  /** After downtime, missing weeks are generated back to at most this many weeks before the due one. */
  REPORT_CATCH_UP_WEEKS: z.coerce.number().int().min(1).max(52).default(8),
  /** How long a report waits for the projections it reads to catch up with their streams, ms. */
  REPORT_PROJECTION_WAIT_MS: ms(60_000, 0, 600_000),
  RECOMMENDATIONS_CRON: cron.default('15 6 * * *'),
  RETENTION_CRON: cron.default('30 3 * * *'),
  /** Retention of this service's own records: job runs, e-mail deliveries, the anomaly timeline, the outbox. */
  RETENTION_JOB_RUNS_DAYS: days(90),
  RETENTION_DELIVERIES_DAYS: days(400),
  RETENTION_ANOMALY_TIMELINE_DAYS: days(400),
  RETENTION_OUTBOX_DAYS: days(30),
  /** A scheduled run that has not started this long after it was due counts as missed, ms. */
  JOB_MISSED_GRACE_MS: ms(15 * 60_000, 0),
  /** smtp://user:pass@host:port or smtps://…; with REPORT_EMAIL_TO, the weekly report is e-mailed. */
  SMTP_URL: url(['smtp', 'smtps']).optional(),
  EMAIL_FROM: z.string().min(3).max(200).default('Vigie <vigie@localhost>'),
  REPORT_EMAIL_TO: list(z.email('must be e-mail addresses')),
  REPORTING_OUTBOX_INTERVAL_MS: ms(1000, 50, 60_000),
}).superRefine((env, ctx) => {
  if (env.AGENDA_BACKEND === 'mongo' && !env.MONGODB_URL) {
    ctx.addIssue({ code: 'custom', path: ['MONGODB_URL'], message: 'is required when AGENDA_BACKEND=mongo' });
  }
});
export type ReportingConfig = z.infer<typeof ReportingEnv>;

export const REPORTING_CONFIG = Symbol('REPORTING_CONFIG');
