import { z } from 'zod';
import { Severity } from '../events/common';
import { RuleId } from '../ids';
import { STREAM_IDS } from '../streams';
import { RuleScope } from './rules';

const DAY_OR_INSTANT = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?$/;

/**
 * An instant of event time: `2026-11-01` (midnight UTC) or an ISO date-time with its offset.
 * Normalised to an ISO string in UTC.
 */
export const AuditInstant = z
  .string()
  .regex(DAY_OR_INSTANT, 'must be a day YYYY-MM-DD (UTC) or an ISO date-time with an offset')
  .transform((v, ctx) => {
    const t = Date.parse(v.length === 10 ? `${v}T00:00:00Z` : v);
    if (Number.isNaN(t) || (v.length === 10 && new Date(t).toISOString().slice(0, 10) !== v)) {
      ctx.addIssue({ code: 'custom', message: 'is not a real date' });
      return z.NEVER;
    }
    return new Date(t).toISOString();
  });

export const AuditStream = z.enum(STREAM_IDS);

/** `[from, to)` by event time (`occurredAt`); `from` must be before `to`. */
function ordered<T extends { from: string; to: string }>(v: T, ctx: z.RefinementCtx): void {
  if (Date.parse(v.from) >= Date.parse(v.to)) ctx.addIssue({ code: 'custom', path: ['from'], message: 'must be before to' });
}

/** A NATS subject filter inside the stream, with wildcards (`recyclic.cash.session.closed.>`). */
const SubjectFilter = z.string().regex(/^[A-Za-z0-9_*>-]+(\.[A-Za-z0-9_*>-]+)*$/, 'must be a subject filter (tokens, * and >)').max(256);

/** `GET /api/audit/events`: the events of one stream whose event time is in `[from, to)`, as NDJSON. */
export const AuditEventsQuery = z
  .object({
    stream: AuditStream,
    subject: SubjectFilter.optional(),
    from: AuditInstant,
    to: AuditInstant,
    limit: z.coerce.number().int().min(1).max(10_000_000).optional(),
  })
  .strict()
  .superRefine(ordered);
export type AuditEventsQuery = z.infer<typeof AuditEventsQuery>;

/** One NDJSON line of `GET /api/audit/events` and the answer of `GET /api/audit/events/:stream/:seq`. */
export const AuditEventLine = z.object({
  stream: AuditStream,
  seq: z.number().int().positive(),
  subject: z.string(),
  /** When the server stored it. */
  time: z.string(),
  /** The decoded envelope; absent when the stored bytes break their contract (then `error`). */
  event: z.record(z.string(), z.unknown()).optional(),
  error: z.string().optional(),
});
export type AuditEventLine = z.infer<typeof AuditEventLine>;

export const AuditEventParams = z.object({ stream: AuditStream, seq: z.coerce.number().int().positive() });

/** A rule change to try in a replay: what `PUT /api/rules/:ruleId` takes, plus the rule id. */
export const ReplayRuleOverride = z
  .object({
    ruleId: RuleId,
    scope: RuleScope.default({}),
    enabled: z.boolean().optional(),
    severity: Severity.optional(),
    params: z.record(z.string().regex(/^[A-Za-z][A-Za-z0-9]{0,63}$/, 'must be a parameter name'), z.number().finite().min(0, 'must be ≥ 0')).optional(),
  })
  .strict();
export type ReplayRuleOverride = z.infer<typeof ReplayRuleOverride>;

/** `POST /api/audit/replays` (and the anomaly service's `POST /replays`). */
export const ReplayRequest = z
  .object({
    from: AuditInstant,
    to: AuditInstant,
    rules: z.array(ReplayRuleOverride).max(100).default([]),
    /** Input streams to read (default: every stream a detector reads). */
    streams: z.array(AuditStream).min(1).optional(),
    /** Detectors are warmed on the events of this many hours before `from` (default 168: the longest window of the default rules). */
    warmupHours: z.number().int().min(0).max(24 * 366).default(168),
  })
  .strict()
  .superRefine(ordered);
export type ReplayRequest = z.input<typeof ReplayRequest>;

export const ReplayedAnomaly = z.object({
  anomalyId: z.string(),
  ruleId: z.string(),
  ruleVersion: z.number().int(),
  siteId: z.string(),
  key: z.string(),
  severity: Severity,
  /** Detection status at `to`: an acknowledgement or a silence does not change it. */
  status: z.enum(['open', 'resolved']),
  count: z.number().int(),
  firstSeenAt: z.string(),
  lastSeenAt: z.string(),
});
export type ReplayedAnomaly = z.infer<typeof ReplayedAnomaly>;

const Facts = z.object({ severity: Severity, status: z.enum(['open', 'resolved']), count: z.number().int() });

export const ReplayResult = z.object({
  from: z.string(),
  to: z.string(),
  warmupFrom: z.string(),
  streams: z.array(z.string()),
  /** Events read in `[warmupFrom, to)`; `invalid`: stored messages that break their contract, skipped. */
  events: z.number().int(),
  invalid: z.number().int(),
  /** Anomalies raised in `[from, to)` by the replay and as recorded live (ANOMALY stream, as of `to`). */
  replayed: z.array(ReplayedAnomaly),
  recorded: z.array(ReplayedAnomaly),
  /** Anomalies the replay raised during the warm-up (before `from`): not compared. */
  warmupAnomalies: z.number().int(),
  diff: z.object({
    same: z.array(z.string()),
    changed: z.array(z.object({ anomalyId: z.string(), ruleId: z.string(), key: z.string(), recorded: Facts, replayed: Facts })),
    onlyInReplay: z.array(ReplayedAnomaly),
    onlyRecorded: z.array(ReplayedAnomaly),
    /** Counts per rule and severity on each side. */
    byRule: z.array(z.object({ ruleId: z.string(), severity: Severity, recorded: z.number().int(), replayed: z.number().int() })),
    empty: z.boolean(),
  }),
});
export type ReplayResult = z.infer<typeof ReplayResult>;

/** NDJSON lines of a streamed replay: progress while it reads, then the result (or an error). */
export const ReplayProgressLine = z.object({ type: z.literal('progress'), read: z.number().int(), total: z.number().int(), events: z.number().int() });
export const ReplayLine = z.discriminatedUnion('type', [
  ReplayProgressLine,
  z.object({ type: z.literal('result'), result: ReplayResult }),
  z.object({ type: z.literal('error'), error: z.object({ code: z.string(), message: z.string() }) }),
]);
export type ReplayLine = z.infer<typeof ReplayLine>;

/** `GET /api/audit/log`: the audit requests themselves, newest first. */
export const AuditLogQuery = z
  .object({ limit: z.coerce.number().int().min(1).max(1000).default(100), before: z.coerce.number().int().positive().optional() })
  .strict();
export type AuditLogQuery = z.infer<typeof AuditLogQuery>;

export const AuditLogEntry = z.object({
  id: z.number().int(),
  /** The account id (never a login name or an e-mail). */
  accountId: z.string(),
  at: z.string(),
  /** `events`, `event` or `replay`. */
  action: z.string(),
  stream: z.string().nullable(),
  from: z.string().nullable(),
  to: z.string().nullable(),
  /** The other parameters (subject filter, seq, rule overrides...). */
  details: z.record(z.string(), z.unknown()),
  /** HTTP status answered. */
  status: z.number().int(),
});
export type AuditLogEntry = z.infer<typeof AuditLogEntry>;
export const AuditLogResponse = z.object({ items: z.array(AuditLogEntry) });
export type AuditLogResponse = z.infer<typeof AuditLogResponse>;
