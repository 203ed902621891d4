import type {
  AccountChangeListResponse,
  AuditEventLine,
  AccountListResponse,
  AccountView,
  AccountWithPassword,
  AcknowledgeAnomalyRequest,
  AnomalyAction,
  AnomalyActionResponse,
  AnomalyListResponse,
  AnomalyView,
  ApiError as ApiErrorBody,
  ChangeOwnPasswordRequest,
  ChatListResponse,
  CreateAccountRequest,
  DailyMetrics,
  HealthOverview,
  JobListResponse,
  LinkCodeResponse,
  LoginRequest,
  LoginResponse,
  PipelineMetrics,
  RecommendationListResponse,
  ReportListResponse,
  ReportView,
  ResetPasswordRequest,
  RuleListResponse,
  RuleScope,
  RuleView,
  SilenceAnomalyRequest,
  Subscription,
  SubscriptionsResponse,
  UpdateAccountRequest,
  UpdateRuleRequest,
} from '@vigie/contracts';

export const LIST_LIMIT = 200;

/** A refusal of the gateway (`status` 0: the request never got an answer). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** Seconds, from `Retry-After` (429). */
    readonly retryAfter?: number,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

async function send<T>(url: string, init: RequestInit, fetchImpl: typeof fetch): Promise<T> {
  const { res, text } = await exchange(url, init, fetchImpl, 'application/json');
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  if (res.ok) return body as T;
  throw refusal(res, body);
}

async function exchange(url: string, init: RequestInit, fetchImpl: typeof fetch, accept: string): Promise<{ res: Response; text: string }> {
  try {
    const res = await fetchImpl(url, { ...init, headers: { accept, ...init.headers } });
    return { res, text: await res.text() };
  } catch (e) {
    throw new ApiError(0, 'network', (e as Error).message);
  }
}

function refusal(res: Response, body: unknown): ApiError {
  const error = (body as Partial<ApiErrorBody> | undefined)?.error;
  const retryAfter = Number(res.headers.get('retry-after'));
  return new ApiError(
    res.status,
    error?.code ?? `http.${res.status}`,
    error?.message ?? `HTTP ${res.status}`,
    Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined,
  );
}

const json = (method: string, body: unknown, token?: string): RequestInit => ({
  method,
  headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
  body: JSON.stringify(body),
});

export function login(origin: string, request: LoginRequest, fetchImpl: typeof fetch = fetch): Promise<LoginResponse> {
  return send(`${origin}/api/auth/login`, json('POST', request), fetchImpl);
}

export function refresh(origin: string, token: string, fetchImpl: typeof fetch = fetch): Promise<LoginResponse> {
  return send(`${origin}/api/auth/refresh`, json('POST', {}, token), fetchImpl);
}

/** Ends the session on the gateway: this token (and the account's others) is refused from then on. */
export async function logout(origin: string, token: string, fetchImpl: typeof fetch = fetch): Promise<void> {
  await send<undefined>(`${origin}/api/auth/logout`, { method: 'POST', headers: { authorization: `Bearer ${token}` } }, fetchImpl);
}

export function fetchAnomalies(origin: string, token: string, fetchImpl: typeof fetch = fetch): Promise<AnomalyListResponse> {
  return send(`${origin}/api/anomalies?limit=${LIST_LIMIT}`, { headers: { authorization: `Bearer ${token}` } }, fetchImpl);
}

export function actOnAnomaly(
  origin: string,
  token: string,
  anomalyId: string,
  action: AnomalyAction,
  body: AcknowledgeAnomalyRequest | SilenceAnomalyRequest,
  fetchImpl: typeof fetch = fetch,
): Promise<AnomalyActionResponse> {
  const url = `${origin}/api/anomalies/${encodeURIComponent(anomalyId)}/${action}`;
  return send(url, json('POST', body, token), fetchImpl);
}

const bearer = (token: string): RequestInit => ({ headers: { authorization: `Bearer ${token}` } });

function query(params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams(
    Object.entries(params)
      .filter((e): e is [string, string | number] => e[1] !== undefined && e[1] !== '')
      .map(([k, v]) => [k, String(v)]),
  ).toString();
  return search ? `?${search}` : '';
}

/** Every read and change of the dashboard's pages, each with the session's token. */
export function gatewayApi(origin: string, token: string, fetchImpl: typeof fetch = fetch) {
  const get = <T>(path: string) => send<T>(`${origin}${path}`, bearer(token), fetchImpl);
  const write = <T>(method: string, path: string, body?: unknown) =>
    send<T>(`${origin}${path}`, body === undefined ? { method, ...bearer(token) } : json(method, body, token), fetchImpl);
  const id = encodeURIComponent;
  return {
    anomaly: (anomalyId: string) => get<AnomalyView>(`/api/anomalies/${id(anomalyId)}`),
    /** One stored event (an anomaly's evidence) as the audit API reads it back from its stream. */
    auditEvent: (stream: string, seq: number) => get<AuditEventLine>(`/api/audit/events/${id(stream)}/${seq}`),
    health: () => get<HealthOverview>('/api/health'),
    dailyMetrics: (from: string, to: string, siteId?: string) => get<DailyMetrics>(`/api/metrics/daily${query({ from, to, siteId })}`),
    pipeline: () => get<PipelineMetrics>('/api/metrics/pipeline'),
    recommendations: () => get<RecommendationListResponse>('/api/recommendations'),
    rules: () => get<RuleListResponse>('/api/rules'),
    updateRule: (ruleId: string, change: UpdateRuleRequest) => write<RuleView>('PUT', `/api/rules/${id(ruleId)}`, change),
    removeRuleOverride: (ruleId: string, scope: RuleScope) =>
      write<RuleView>('DELETE', `/api/rules/${id(ruleId)}/overrides${query({ siteId: scope.siteId, subject: scope.subject })}`),
    reports: (limit = 52) => get<ReportListResponse>(`/api/reports${query({ limit })}`),
    report: (isoWeek: string) => get<ReportView>(`/api/reports/${id(isoWeek)}`),
    /** The CSV as text (a plain link could not carry the token). */
    async reportCsv(isoWeek: string): Promise<string> {
      const { res, text } = await exchange(`${origin}/api/reports/${id(isoWeek)}.csv`, bearer(token), fetchImpl, 'text/csv');
      if (res.ok) return text;
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        body = undefined;
      }
      throw refusal(res, body);
    },
    jobs: () => get<JobListResponse>('/api/jobs'),
    chats: () => get<ChatListResponse>('/api/chats'),
    createLinkCode: () => write<LinkCodeResponse>('POST', '/api/chats/link-codes', {}),
    subscriptions: (chatId: string) => get<SubscriptionsResponse>(`/api/chats/${id(chatId)}/subscriptions`),
    replaceSubscriptions: (chatId: string, items: Subscription[]) =>
      write<SubscriptionsResponse>('PUT', `/api/chats/${id(chatId)}/subscriptions`, { items }),
    unlinkChat: (chatId: string) => write<undefined>('DELETE', `/api/chats/${id(chatId)}`),
    accounts: () => get<AccountListResponse>('/api/accounts'),
    accountChanges: (limit = 50) => get<AccountChangeListResponse>(`/api/accounts/changes${query({ limit })}`),
    createAccount: (request: CreateAccountRequest) => write<AccountWithPassword>('POST', '/api/accounts', request),
    updateAccount: (accountId: string, change: UpdateAccountRequest) => write<AccountView>('PATCH', `/api/accounts/${id(accountId)}`, change),
    resetPassword: (accountId: string, request: ResetPasswordRequest = {}) =>
      write<AccountWithPassword>('POST', `/api/accounts/${id(accountId)}/password-reset`, request),
    /** A fresh session comes back: the account's other tokens (this one included) stop working. */
    changeOwnPassword: (request: ChangeOwnPasswordRequest) => write<LoginResponse>('POST', '/api/auth/password', request),
  };
}

export type GatewayApi = ReturnType<typeof gatewayApi>;
