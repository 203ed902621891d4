import {
  AcknowledgeAnomalyRequest,
  AnomalyListQuery,
  AuditEventLine,
  AuditEventParams,
  AuditEventsQuery,
  AuditLogQuery,
  AuditLogResponse,
  AccountChangeAction,
  AnomalyStatus,
  ChangeOwnPasswordRequest,
  ChatId,
  ChatListResponse,
  CreateAccountRequest,
  CreateLinkCodeRequest,
  DailyMetrics,
  DailyMetricsQuery,
  HealthOverview,
  IsoWeek,
  JobListResponse,
  KpiListResponse,
  KpiQuery,
  LinkCodeResponse,
  LoginRequest,
  PipelineMetrics,
  PutSubscriptionsRequest,
  RecommendationListResponse,
  ReplayRequest,
  ReplayResult,
  ReportListQuery,
  ReportListResponse,
  ReportView,
  ResetPasswordRequest,
  ResolveAnomalyRequest,
  RuleId,
  RuleListResponse,
  RuleScope,
  RuleView,
  Severity,
  SilenceAnomalyRequest,
  SubscriptionsResponse,
  UpdateAccountRequest,
  UpdateRuleRequest,
} from '@vigie/contracts';
import { z } from 'zod';

export type Access = 'public' | 'ingest-token' | 'admin' | 'super-admin';

/** One documented route; `path` is the express pattern the gateway registers. */
export interface DocRoute {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  summary: string;
  access: Access;
  params?: Record<string, z.ZodType>;
  query?: z.ZodType;
  body?: z.ZodType;
  /** A JSON answer's schema, or another content type. */
  response: { status: number; schema?: z.ZodType; contentType?: string; description?: string };
}

// Shapes the gateway answers with that only exist as TypeScript interfaces in libs/contracts.
const ErrorBody = z.object({ error: z.object({ code: z.string(), message: z.string() }) });
const AnomalyView = z.object({
  anomalyId: z.string(),
  ruleId: z.string(),
  ruleVersion: z.number().int(),
  severity: Severity,
  status: AnomalyStatus,
  siteId: z.string(),
  key: z.string(),
  title: z.string(),
  summary: z.string(),
  evidence: z.array(z.object({ stream: z.string(), seq: z.number().int(), eventId: z.string() })),
  details: z.record(z.string(), z.unknown()),
  count: z.number().int(),
  raisedAt: z.string(),
  updatedAt: z.string(),
  seq: z.number().int().describe('ANOMALY stream sequence of the last event applied'),
});
const AnomalyListResponse = z.object({ items: z.array(AnomalyView), total: z.number().int(), lastSeq: z.number().int() });
const AnomalyActionResponse = z.object({ anomalyId: z.string(), status: AnomalyStatus });
const AccountSummary = z.object({ id: z.string(), login: z.string(), role: z.enum(['super-admin', 'admin']) });
const LoginResponse = z.object({ token: z.string(), expiresAt: z.string(), account: AccountSummary });
const MeResponse = z.object({ account: AccountSummary, expiresAt: z.string() });
const AccountView = AccountSummary.extend({ disabled: z.boolean(), createdAt: z.string(), updatedAt: z.string() });
const AccountWithPassword = AccountView.extend({
  generatedPassword: z.string().optional().describe('only when the gateway generated the password: shown once'),
});
const AccountChangeView = z.object({
  id: z.string(),
  at: z.string(),
  actorId: z.string().describe('account id of who made the change'),
  accountId: z.string(),
  action: AccountChangeAction,
  role: z.enum(['super-admin', 'admin']).optional(),
});
const AccountChangesQuery = z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) }).strict();
const AnomalyId = z.string().regex(/^[A-Za-z0-9_-]{1,128}$/);

/** Every `/api` route of the gateway. The route-by-route auth test checks this list against express. */
export const API_DOC_ROUTES: readonly DocRoute[] = [
  { method: 'POST', path: '/api/auth/login', summary: 'Log in (rate-limited per login and per IP)', access: 'public', body: LoginRequest, response: { status: 200, schema: LoginResponse } },
  { method: 'POST', path: '/api/auth/refresh', summary: 'A fresh token for the same session', access: 'admin', response: { status: 200, schema: LoginResponse } },
  { method: 'GET', path: '/api/auth/me', summary: 'The account of the token', access: 'admin', response: { status: 200, schema: MeResponse } },
  { method: 'POST', path: '/api/auth/logout', summary: "End the session server-side: the account's tokens are refused from now on", access: 'admin', response: { status: 204 } },
  { method: 'POST', path: '/api/auth/password', summary: 'Change your own password (rate-limited); answers a fresh token', access: 'admin', body: ChangeOwnPasswordRequest, response: { status: 200, schema: LoginResponse } },
  { method: 'GET', path: '/api/accounts', summary: 'Accounts (an admin sees only their own)', access: 'admin', response: { status: 200, schema: z.object({ items: z.array(AccountView) }) } },
  { method: 'GET', path: '/api/accounts/changes', summary: 'Audit trail of account changes (who, by account id), newest first', access: 'super-admin', query: AccountChangesQuery, response: { status: 200, schema: z.object({ items: z.array(AccountChangeView) }) } },
  { method: 'POST', path: '/api/accounts', summary: 'Create an account (no password given: one is generated and answered once)', access: 'super-admin', body: CreateAccountRequest, response: { status: 201, schema: AccountWithPassword } },
  { method: 'PATCH', path: '/api/accounts/:id', summary: 'Change role, disable or re-enable, set a password (the last enabled super-admin stays)', access: 'super-admin', params: { id: z.uuid() }, body: UpdateAccountRequest, response: { status: 200, schema: AccountView } },
  { method: 'POST', path: '/api/accounts/:id/password-reset', summary: 'Reset a password (none given: one is generated and answered once)', access: 'super-admin', params: { id: z.uuid() }, body: ResetPasswordRequest, response: { status: 200, schema: AccountWithPassword } },
  { method: 'POST', path: '/api/events', summary: 'Ingest domain events from an existing Recyclic backend (see docs/ingest.md)', access: 'ingest-token', response: { status: 200, description: 'per-event results; 207 when some are rejected' } },
  { method: 'GET', path: '/api/anomalies', summary: 'Anomalies, newest first (the gateway projection)', access: 'admin', query: AnomalyListQuery, response: { status: 200, schema: AnomalyListResponse } },
  { method: 'GET', path: '/api/anomalies/:id', summary: 'One anomaly with its evidence', access: 'admin', params: { id: AnomalyId }, response: { status: 200, schema: AnomalyView } },
  { method: 'POST', path: '/api/anomalies/:id/acknowledge', summary: 'Acknowledge (by = your principal)', access: 'admin', params: { id: AnomalyId }, body: AcknowledgeAnomalyRequest, response: { status: 200, schema: AnomalyActionResponse } },
  { method: 'POST', path: '/api/anomalies/:id/silence', summary: 'Silence for a while', access: 'admin', params: { id: AnomalyId }, body: SilenceAnomalyRequest, response: { status: 200, schema: AnomalyActionResponse } },
  { method: 'POST', path: '/api/anomalies/:id/resolve', summary: 'Resolve', access: 'admin', params: { id: AnomalyId }, body: ResolveAnomalyRequest, response: { status: 200, schema: AnomalyActionResponse } },
  { method: 'GET', path: '/api/health', summary: "Every service's health: state, latency, last heartbeat, uptime over 24 h / 7 d", access: 'admin', response: { status: 200, schema: HealthOverview } },
  { method: 'GET', path: '/api/kpis', summary: 'Daily KPI rows of the anomaly service', access: 'admin', query: KpiQuery, response: { status: 200, schema: KpiListResponse } },
  { method: 'GET', path: '/api/metrics/daily', summary: 'Daily series: AI, sync, cash, logins', access: 'admin', query: DailyMetricsQuery, response: { status: 200, schema: DailyMetrics } },
  { method: 'GET', path: '/api/metrics/pipeline', summary: 'JetStream: events per minute, consumer lag', access: 'admin', response: { status: 200, schema: PipelineMetrics } },
  { method: 'GET', path: '/api/recommendations', summary: 'Active maintenance recommendations', access: 'admin', response: { status: 200, schema: RecommendationListResponse } },
  { method: 'GET', path: '/api/rules', summary: 'Rules with their defaults and overrides', access: 'admin', response: { status: 200, schema: RuleListResponse } },
  { method: 'GET', path: '/api/rules/:ruleId', summary: 'One rule', access: 'admin', params: { ruleId: RuleId }, response: { status: 200, schema: RuleView } },
  { method: 'PUT', path: '/api/rules/:ruleId', summary: 'Override a rule for one scope (by = your principal)', access: 'super-admin', params: { ruleId: RuleId }, body: UpdateRuleRequest, response: { status: 200, schema: RuleView } },
  { method: 'DELETE', path: '/api/rules/:ruleId/overrides', summary: "Remove one scope's override", access: 'super-admin', params: { ruleId: RuleId }, query: RuleScope, response: { status: 200, schema: RuleView } },
  { method: 'GET', path: '/api/reports', summary: 'Weekly reports, newest first', access: 'admin', query: ReportListQuery, response: { status: 200, schema: ReportListResponse } },
  { method: 'GET', path: '/api/reports/:isoWeek.csv', summary: 'One weekly report as CSV', access: 'admin', params: { isoWeek: IsoWeek }, response: { status: 200, contentType: 'text/csv', description: 'the report, one indicator per line' } },
  { method: 'GET', path: '/api/reports/:isoWeek', summary: 'One weekly report', access: 'admin', params: { isoWeek: IsoWeek }, response: { status: 200, schema: ReportView } },
  { method: 'GET', path: '/api/jobs', summary: "The reporting service's jobs: last run, health, next run", access: 'admin', response: { status: 200, schema: JobListResponse } },
  { method: 'GET', path: '/api/chats', summary: 'Linked Telegram chats (an admin sees those their own link codes linked)', access: 'admin', response: { status: 200, schema: ChatListResponse } },
  { method: 'POST', path: '/api/chats/link-codes', summary: 'A one-time code to link a chat (`/link CODE` to the bot)', access: 'admin', body: CreateLinkCodeRequest, response: { status: 201, schema: LinkCodeResponse } },
  { method: 'GET', path: '/api/chats/:chatId/subscriptions', summary: "A chat's subscriptions (an admin: only a chat they linked)", access: 'admin', params: { chatId: ChatId }, response: { status: 200, schema: SubscriptionsResponse } },
  { method: 'PUT', path: '/api/chats/:chatId/subscriptions', summary: "Replace a chat's subscriptions", access: 'admin', params: { chatId: ChatId }, body: PutSubscriptionsRequest, response: { status: 200, schema: SubscriptionsResponse } },
  { method: 'DELETE', path: '/api/chats/:chatId', summary: 'Unlink a chat (an admin: only one they linked; others answer 404)', access: 'admin', params: { chatId: ChatId }, response: { status: 204 } },
  { method: 'GET', path: '/api/audit/events', summary: 'Audit: the events of one stream whose event time is in [from, to), one NDJSON line each ({stream, seq, subject, time, event}); recorded in the audit log', access: 'admin', query: AuditEventsQuery, response: { status: 200, contentType: 'application/x-ndjson', description: 'one AuditEventLine per line (see GET /api/audit/events/{stream}/{seq}); a last line {error} if reading failed midway' } },
  { method: 'GET', path: '/api/audit/events/:stream/:seq', summary: 'Audit: one stored message; recorded in the audit log', access: 'admin', params: AuditEventParams.shape, response: { status: 200, schema: AuditEventLine } },
  { method: 'POST', path: '/api/audit/replays', summary: 'Audit: re-run the detectors over [from, to) in a sandbox (optionally with rule changes) and compare with the anomalies recorded; with Accept: application/x-ndjson, progress lines then {type: result}; recorded in the audit log', access: 'admin', body: ReplayRequest, response: { status: 200, schema: ReplayResult } },
  { method: 'GET', path: '/api/audit/log', summary: 'Audit: the audit requests, newest first (account ids, never names)', access: 'admin', query: AuditLogQuery, response: { status: 200, schema: AuditLogResponse } },
  { method: 'GET', path: '/api/docs', summary: 'This document', access: 'admin', response: { status: 200, description: 'OpenAPI 3.1' } },
];

type JsonSchema = Record<string, unknown>;

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonSchema;
  return rest;
}

function queryParameters(query: z.ZodType): JsonSchema[] {
  const schema = jsonSchema(query, 'input') as { properties?: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(schema.properties ?? {}).map(([name, property]) => ({
    name,
    in: 'query',
    required: schema.required?.includes(name) ?? false,
    schema: property,
  }));
}

const REFUSALS: Record<string, string> = {
  '400': 'validation.failed (names every bad field), or a refusal relayed from the upstream service',
  '401': 'auth.unauthorized',
  '403': 'auth.forbidden',
  '404': 'not found (relayed from the upstream service)',
  '502': 'upstream.unavailable: the upstream service did not answer in time or answered wrongly',
};

function operation(route: DocRoute): JsonSchema {
  const error = { content: { 'application/json': { schema: jsonSchema(ErrorBody, 'output') } } };
  const { response } = route;
  const ok = response.contentType
    ? { description: response.description ?? 'OK', content: { [response.contentType]: { schema: { type: 'string' } } } }
    : response.schema
      ? { description: response.description ?? 'OK', content: { 'application/json': { schema: jsonSchema(response.schema, 'output') } } }
      : { description: response.description ?? 'OK' };
  const refusals = route.access === 'public' ? ['400'] : route.access === 'ingest-token' ? ['400', '401'] : ['400', '401', '403', '404', '502'];
  return {
    summary: route.summary,
    ...(route.access === 'public' ? { security: [] } : {}),
    ...(route.access === 'super-admin' ? { description: 'Super-admins only.' } : {}),
    ...(route.access === 'ingest-token' ? { security: [{ ingestToken: [] }] } : {}),
    parameters: [
      ...Object.entries(route.params ?? {}).map(([name, schema]) => ({ name, in: 'path', required: true, schema: jsonSchema(schema, 'input') })),
      ...(route.query ? queryParameters(route.query) : []),
    ],
    ...(route.body ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(route.body, 'input') } } } } : {}),
    responses: {
      [String(response.status)]: ok,
      ...Object.fromEntries(refusals.map((status) => [status, { description: REFUSALS[status], ...error }])),
    },
  };
}

/** `/api/anomalies/:id` → `/api/anomalies/{id}` (and `:isoWeek.csv` → `{isoWeek}.csv`). */
export function openApiPath(expressPath: string): string {
  return expressPath.replace(/:([A-Za-z]+)/g, '{$1}');
}

/** The OpenAPI 3.1 document of the gateway's `/api`, built from the same zod schemas that validate it. */
export function openApiDocument(version: string): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const route of API_DOC_ROUTES) {
    const path = openApiPath(route.path);
    paths[path] = { ...(paths[path] ?? {}), [route.method.toLowerCase()]: operation(route) };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Vigie gateway',
      version,
      description: [
        'Admin API of Vigie. Every route needs `Authorization: Bearer <token>` from `POST /api/auth/login`',
        '(admins and super-admins), except the login itself and `POST /api/events` (its own ingest tokens).',
        'Errors are always `{ "error": { "code", "message" } }`.',
        '',
        'Live feed: Socket.IO namespace `/live`, handshake `auth: { token, sinceSeq? }`. Server events:',
        '`anomaly` { seq, eventType, anomaly } for every anomaly transition (resume with `sinceSeq` or',
        '`anomalies:resume`), `health` { service, up, at, latencyMs, error } when a service goes down or comes',
        'back, `metrics` (the `/api/metrics/pipeline` snapshot) at every JetStream sample.',
      ].join('\n'),
    },
    servers: [{ url: '/' }],
    security: [{ bearer: [] }],
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT (HS256)' },
        ingestToken: { type: 'http', scheme: 'bearer', description: 'one of INGEST_TOKENS' },
      },
    },
    paths,
  };
}
