import type { LoginResponse } from '@vigie/contracts';
import { errorShape, rawRequest, type RawAnswer } from './support/raw-http';
import { reportScenario } from './support/report';
import { expressRoutes, STACK_ADMIN, startStack, type ServiceName, type Stack } from './support/stack';

/** A plausible value of each route parameter, so body and query fuzz reaches the handler. */
const VALID_PARAM: Record<string, string> = {
  id: '0193a2b4-0000-7000-8000-0000000000aa',
  ruleId: 'cash.variance',
  isoWeek: '2026-W48',
  chatId: '111111',
};

const HOSTILE_PARAMS = [
  '%00',
  '%ZZ',
  '%C3%28',
  '__proto__',
  'constructor',
  'x'.repeat(6000),
  '..%2F..%2Fetc%2Fpasswd',
  '%F0%9F%92%A5',
  '-1',
];

const HOSTILE_QUERIES = [
  'limit=-1&offset=abc',
  'limit=1e999',
  'limit=%00',
  'status=open&status=closed&status[x]=1',
  '__proto__[polluted]=1&constructor[prototype][polluted]=1',
  'a[b][c][d][e][f][g][h][i][j]=1',
  // Node itself answers 431 (no JSON) above 16 kB of headers: a big query the app does see.
  `q=${'x'.repeat(12_000)}`,
  'from=2026-13-45&to=yesterday&siteId=site.1.>',
  'limit=%C3%28',
];

const nested = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);
const JSON_HEADERS = { 'content-type': 'application/json' };

/** Bodies no route accepts: each answer must be a 4xx naming why. */
const HOSTILE_BODIES: { what: string; headers: Record<string, string>; body: string | Uint8Array }[] = [
  { what: 'invalid JSON', headers: JSON_HEADERS, body: '{"login":' },
  { what: 'wrong types', headers: JSON_HEADERS, body: JSON.stringify({ login: 42, password: [], by: {}, reason: null, durationMinutes: 'abc', role: 'god', amount: '12,50', countedCash: {}, events: 'x', siteId: 'site.1.>', depositId: [], description: 7 }) },
  { what: 'prototype pollution', headers: JSON_HEADERS, body: '{"__proto__":{"isAdmin":true,"role":"super-admin"},"constructor":{"prototype":{"polluted":true}}}' },
  { what: 'deep nesting', headers: JSON_HEADERS, body: nested(100_000) },
  { what: 'deep objects', headers: JSON_HEADERS, body: '{"a":'.repeat(20_000) + '1' + '}'.repeat(20_000) },
  { what: 'a huge string', headers: JSON_HEADERS, body: JSON.stringify({ login: 'x'.repeat(400_000) }) },
  { what: 'a JSON array', headers: JSON_HEADERS, body: '[1,2,3]' },
  { what: 'JSON null', headers: JSON_HEADERS, body: 'null' },
  { what: 'a JSON number', headers: JSON_HEADERS, body: '42' },
  { what: 'invalid UTF-8', headers: JSON_HEADERS, body: Uint8Array.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]) },
  { what: 'text/plain', headers: { 'content-type': 'text/plain' }, body: '{"login":"x"}' },
  { what: 'a form', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'login=x&__proto__[a]=1' },
  { what: 'UTF-16 JSON', headers: { 'content-type': 'application/json; charset=utf-16' }, body: '{"a":1}' },
  { what: 'XML', headers: { 'content-type': 'application/xml' }, body: '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>' },
];

interface Finding {
  route: string;
  what: string;
  status: number;
  why: string;
}

/**
 * Every HTTP route of every service, found on express itself (the gateway's also in its OpenAPI),
 * gets hostile params, queries and bodies. With a valid super-admin token on the gateway: the answer
 * is never a 5xx, every 4xx says why as `{ error: { code, message } }`, and hostile bodies on routes
 * that take one are refused.
 */
describe('REST fuzz: every route of every service answers hostile input with a 4xx naming why, never a 5xx', () => {
  let stack: Stack;
  let token = '';

  beforeAll(async () => {
    stack = await startStack('reliability-rest-fuzz');
  }, 180_000);

  afterAll(async () => {
    await stack?.stop();
  }, 60_000);

  async function logIn(): Promise<string> {
    const res = await rawRequest(stack.services.gateway.url, 'POST', '/api/auth/login', {
      headers: JSON_HEADERS,
      body: JSON.stringify(STACK_ADMIN),
    });
    if (res.status !== 200) throw new Error(`login: ${res.status} ${res.text}`);
    return (JSON.parse(res.text) as LoginResponse).token;
  }

  it('the gateway documents exactly the /api routes it serves', async () => {
    token = await logIn();
    const res = await rawRequest(stack.services.gateway.url, 'GET', '/api/docs', { headers: { authorization: `Bearer ${token}` } });
    const doc = JSON.parse(res.text) as { paths: Record<string, Record<string, unknown>> };
    const documented = Object.entries(doc.paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p.replace(/\{(\w+)\}/g, ':$1')}`));
    const served = expressRoutes(stack.services.gateway)
      .filter((r) => r.path.startsWith('/api'))
      .map((r) => `${r.method} ${r.path}`);
    expect(documented.sort()).toEqual([...new Set(served)].sort());
  });

  it('fuzzes every route of every service', async () => {
    const gatewayDoc = JSON.parse(
      (await rawRequest(stack.services.gateway.url, 'GET', '/api/docs', { headers: { authorization: `Bearer ${await logIn()}` } })).text,
    ) as { paths: Record<string, Record<string, { requestBody?: unknown }>> };
    const takesBody = (service: ServiceName, method: string, path: string) =>
      service !== 'gateway' || !!gatewayDoc.paths[path.replace(/:(\w+)/g, '{$1}')]?.[method.toLowerCase()]?.requestBody;

    const findings: Finding[] = [];
    const statuses = new Map<number, number>();
    let sent = 0;
    const started = Date.now();
    let sessionMayHaveEnded = true;
    const order = (['cash', 'sync', 'ai', 'anomaly', 'notification', 'reporting', 'monitor', 'gateway'] as ServiceName[]);
    for (const service of order) {
      const base = stack.services[service].url;
      const routes = expressRoutes(stack.services[service])
        .filter((r) => ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].includes(r.method) && !r.path.includes('{*'))
        // Logging in with hostile bodies counts as failures for this IP: last, so other routes keep a token.
        .sort((a, b) => Number(a.path === '/api/auth/login') - Number(b.path === '/api/auth/login'));
      for (const route of routes) {
        const name = `${service} ${route.method} ${route.path}`;
        // Logging out, changing passwords or accounts may end the session: a fresh token after those.
        if (service === 'gateway' && (!token || sessionMayHaveEnded)) token = await logIn().catch(() => token);
        sessionMayHaveEnded = route.method !== 'GET' && /\/api\/(auth|accounts)/.test(route.path);
        const auth: Record<string, string> = service === 'gateway' ? { authorization: `Bearer ${token}` } : {};
        const fill = (value: (name: string) => string) => route.path.replace(/:(\w+)/g, (_, p: string) => value(p));
        const validPath = fill((p) => VALID_PARAM[p] ?? 'x1');
        const hasBody = !['GET', 'HEAD', 'DELETE'].includes(route.method);
        const check = (what: string, res: RawAnswer | Error, mustRefuse: boolean) => {
          sent++;
          if (process.env.FUZZ_TRACE) process.stdout.write(`${name} ${what.slice(0, 40)} → ${res instanceof Error ? res.message : res.status}\n`);
          if (res instanceof Error) {
            findings.push({ route: name, what, status: 0, why: `no answer: ${res.message}` });
            return;
          }
          statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
          if (res.status >= 500) findings.push({ route: name, what, status: res.status, why: res.text.slice(0, 200) });
          else if (res.status >= 400) {
            const shape = errorShape(res);
            if (!shape.ok) findings.push({ route: name, what, status: res.status, why: shape.why });
          } else if (mustRefuse) findings.push({ route: name, what, status: res.status, why: `accepted: ${res.text.slice(0, 160)}` });
        };

        if (route.path.includes(':')) {
          for (const bad of HOSTILE_PARAMS) {
            const res = await rawRequest(base, route.method, fill(() => bad), {
              headers: { ...auth, ...(hasBody ? JSON_HEADERS : {}) },
              ...(hasBody ? { body: '{}' } : {}),
            }).catch((e: Error) => e);
            check(`param ${bad.slice(0, 30)}`, res, hasBody && route.path !== '/api/auth/logout');
          }
        }
        // Queries only where they are read: a body route's query is ignored the same way for every value.
        for (const q of hasBody ? [] : HOSTILE_QUERIES) {
          const res = await rawRequest(base, route.method, `${validPath}?${q}`, { headers: { ...auth, ...(hasBody ? JSON_HEADERS : {}) }, ...(hasBody ? { body: '{}' } : {}) }).catch((e: Error) => e);
          check(`query ${q.slice(0, 40)}`, res, false);
        }
        if (hasBody) {
          // A route whose body is all optional (or that takes none) may answer junk as it answers `{}`.
          const empty = await rawRequest(base, route.method, validPath, { headers: { ...auth, ...JSON_HEADERS }, body: '{}' }).catch((e: Error) => e);
          check('body {}', empty, false);
          const bodyOptional = !(empty instanceof Error) && empty.status < 300;
          for (const b of HOSTILE_BODIES) {
            const res = await rawRequest(base, route.method, validPath, { headers: { ...auth, ...b.headers }, body: b.body }).catch((e: Error) => e);
            check(`body ${b.what}`, res, !bodyOptional && takesBody(service, route.method, route.path));
          }
        }
      }
      const ready = await rawRequest(base, 'GET', '/health/ready');
      if (ready.status !== 200) findings.push({ route: `${service} GET /health/ready`, what: 'after the fuzz', status: ready.status, why: ready.text.slice(0, 200) });
    }

    reportScenario('rest-fuzz', {
      in: sent,
      out: sent - findings.length,
      lost: findings.length,
      duplicated: 0,
      extra: {
        statuses: [...statuses.entries()].sort(([a], [b]) => a - b).map(([s, n]) => `${s}:${n}`).join(','),
        seconds: Math.round((Date.now() - started) / 1000),
      },
    });
    expect(findings.slice(0, 40)).toEqual([]);
  }, 400_000);
});
