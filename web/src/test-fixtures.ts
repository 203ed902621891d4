import { vi } from 'vitest';
import { mount } from '@vue/test-utils';
import { createPinia, setActivePinia, type Pinia } from 'pinia';
import type { Component } from 'vue';
import type { AccountRole, AnomalyPush, AnomalyView, DailyMetrics, HealthOverview, LoginResponse, ServiceHealth } from '@vigie/contracts';
import { useSessionStore } from './stores/session';

export function view(overrides: Partial<AnomalyView> & Pick<AnomalyView, 'anomalyId' | 'seq'>): AnomalyView {
  return {
    ruleId: 'cash.variance',
    ruleVersion: 1,
    severity: 'warning',
    status: 'open',
    siteId: 'site-1',
    key: 'register-1',
    title: 'Écart de caisse',
    summary: 'Caisse register-1 : écart de -23,40 €',
    evidence: [],
    details: {},
    count: 1,
    raisedAt: '2026-11-30T07:00:00.000Z',
    updatedAt: '2026-11-30T07:00:00.000Z',
    ...overrides,
  };
}

export function push(anomaly: AnomalyView, eventType = 'anomaly.alert.raised'): AnomalyPush {
  return { seq: anomaly.seq, eventType, anomaly };
}

/** A login answer whose token expires `ttlMs` from now. */
export function loginResponse(token = 'token-1', ttlMs = 15 * 60_000): LoginResponse {
  return {
    token,
    expiresAt: new Date(Date.now() + ttlMs).toISOString(),
    account: { id: '0193a2b4-0000-7000-8000-000000000001', login: 'marie', role: 'admin' },
  };
}

export interface FetchCall {
  method: string;
  /** Path and query. */
  url: string;
  body: unknown;
  headers: Record<string, string>;
}

type Route = unknown | ((url: URL, init: RequestInit) => Response | Promise<Response>);

export function jsonResponse(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

/** A 502 as the gateway answers when an upstream service is down. */
export function unavailable(service: string): Response {
  return jsonResponse(502, { error: { code: 'upstream.unavailable', message: `the ${service} service is unavailable (HTTP 500); retry later` } });
}

/**
 * A stand-in for the gateway's REST API: `routes['GET /api/rules']` is the JSON to answer (200) or a
 * function giving the Response; anything else is a 404. Records every call.
 */
export function fakeGateway(routes: Record<string, Route>) {
  const calls: FetchCall[] = [];
  const fetch = vi.fn(async (input: string, init: RequestInit = {}) => {
    const url = new URL(input, 'http://dashboard.test');
    const method = init.method ?? 'GET';
    calls.push({
      method,
      url: url.pathname + url.search,
      body: init.body ? JSON.parse(String(init.body)) : undefined,
      headers: (init.headers ?? {}) as Record<string, string>,
    });
    const route = routes[`${method} ${url.pathname}`];
    if (route === undefined) return jsonResponse(404, { error: { code: 'not-found', message: `no route ${method} ${url.pathname}` } });
    if (typeof route === 'function') return (route as (u: URL, i: RequestInit) => Response | Promise<Response>)(url, init);
    return jsonResponse(200, route);
  });
  vi.stubGlobal('fetch', fetch);
  return { fetch, calls };
}

/** A logged-in admin (or super-admin) and a fresh Pinia, for mounting one page. */
export function loggedIn(role: AccountRole = 'admin'): Pinia {
  const pinia = createPinia();
  setActivePinia(pinia);
  const session = loginResponse();
  useSessionStore().adopt({ ...session, account: { ...session.account, role } });
  return pinia;
}

export function mountPage<C extends Component>(page: C, pinia: Pinia) {
  return mount(page, { global: { plugins: [pinia] } });
}

export function health(overrides: Partial<HealthOverview> = {}): HealthOverview {
  return {
    generatedAt: '2026-11-30T08:00:00.000Z',
    monitorAvailable: true,
    services: [
      service({ name: 'gateway' }),
      service({ name: 'cash', up: false, lastError: 'network ECONNREFUSED', consecutiveFailures: 4, failingSince: '2026-11-30T07:58:00.000Z', uptime24h: 0.9 }),
      service({ name: 'sync', up: null, lastCheckedAt: null, latencyMs: null, uptime24h: null, uptime7d: null, probes24h: 0, probes7d: 0, lastHeartbeatAt: null }),
    ],
    ...overrides,
  };
}

export function service(overrides: Partial<ServiceHealth> & Pick<ServiceHealth, 'name'>): ServiceHealth {
  return {
    up: true,
    lastCheckedAt: '2026-11-30T07:59:58.000Z',
    latencyMs: 8,
    lastError: null,
    consecutiveFailures: 0,
    failingSince: null,
    lastHeartbeatAt: '2026-11-30T07:59:50.000Z',
    version: '0.1.0',
    uptime24h: 1,
    uptime7d: 0.995,
    probes24h: 17280,
    probes7d: 120960,
    ...overrides,
  };
}

/** Daily metrics over `days` days ending 30/11/2026, every series filled by `fill(dayIndex)`. */
export function dailyMetrics(days = 2, fill: (i: number) => number = (i) => i + 1): DailyMetrics {
  const list = Array.from({ length: days }, (_, i) => new Date(Date.UTC(2026, 10, 30 - (days - 1 - i))).toISOString().slice(0, 10));
  const counts = list.map((_, i) => fill(i));
  const ratios = list.map((_, i) => fill(i) / 10);
  return {
    from: list[0],
    to: list[list.length - 1],
    siteId: null,
    days: list,
    ai: {
      classifications: counts,
      failures: counts,
      corrections: counts,
      errorRate: ratios,
      latencyP50Ms: counts.map((c) => c * 100),
      latencyP95Ms: counts.map((c) => c * 1000),
      lowConfidenceShare: ratios,
      correctionRate: ratios,
    },
    sync: { runs: counts, succeeded: counts, failedAttempts: counts, successRate: ratios },
    cash: { sessionsClosed: counts, salesCount: counts, salesTotal: counts.map((c) => c * 67.75), largeVariances: counts, varianceAbsTotal: counts },
    auth: { loginsSucceeded: counts, loginsFailed: counts },
  };
}
