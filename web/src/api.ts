import type {
  AcknowledgeAnomalyRequest,
  AnomalyAction,
  AnomalyActionResponse,
  AnomalyListResponse,
  ApiError as ApiErrorBody,
  LoginRequest,
  LoginResponse,
  SilenceAnomalyRequest,
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
  let res: Response;
  try {
    res = await fetchImpl(url, { ...init, headers: { accept: 'application/json', ...init.headers } });
  } catch (e) {
    throw new ApiError(0, 'network', (e as Error).message);
  }
  const text = await res.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  if (res.ok) return body as T;
  const error = (body as Partial<ApiErrorBody> | undefined)?.error;
  const retryAfter = Number(res.headers.get('retry-after'));
  throw new ApiError(
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
