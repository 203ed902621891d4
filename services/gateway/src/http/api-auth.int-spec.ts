import { LIVE_NAMESPACE, type AccountView, type LoginResponse } from '@vigie/contracts';
import type { RunningService } from '@vigie/health';
import { testEnvironment, type TestEnvironment } from '@vigie/testing';
import type { Application } from 'express';
import { createServer } from 'node:net';
import { io } from 'socket.io-client';
import { startGateway } from '../app';
import { PUBLIC_API_ROUTES } from '../auth/api-auth.guard';
import { API_DOC_ROUTES } from './openapi';
import { authEnv, BOOTSTRAP, call, logIn, mintToken } from '../auth/int-spec-support';

type Access = 'public' | 'ingest-token' | 'admin' | 'super-admin';

/**
 * Every `/api` route the gateway serves and who may call it. The first test compares it with the
 * routes registered on express, so a new route fails this file until it is listed here.
 */
const API_ROUTES: Record<string, Access> = {
  'POST /api/auth/login': 'public',
  'POST /api/events': 'ingest-token',
  'POST /api/auth/refresh': 'admin',
  'GET /api/auth/me': 'admin',
  'POST /api/auth/logout': 'admin',
  'POST /api/auth/password': 'admin',
  'GET /api/anomalies': 'admin',
  'GET /api/anomalies/:id': 'admin',
  'POST /api/anomalies/:id/acknowledge': 'admin',
  'POST /api/anomalies/:id/silence': 'admin',
  'POST /api/anomalies/:id/resolve': 'admin',
  'GET /api/accounts': 'admin',
  'GET /api/accounts/changes': 'super-admin',
  'POST /api/accounts': 'super-admin',
  'PATCH /api/accounts/:id': 'super-admin',
  'POST /api/accounts/:id/password-reset': 'super-admin',
  'GET /api/health': 'admin',
  'GET /api/kpis': 'admin',
  'GET /api/metrics/daily': 'admin',
  'GET /api/metrics/pipeline': 'admin',
  'GET /api/recommendations': 'admin',
  'GET /api/rules': 'admin',
  'GET /api/rules/:ruleId': 'admin',
  'PUT /api/rules/:ruleId': 'super-admin',
  'DELETE /api/rules/:ruleId/overrides': 'super-admin',
  'GET /api/reports': 'admin',
  'GET /api/reports/:isoWeek.csv': 'admin',
  'GET /api/reports/:isoWeek': 'admin',
  'GET /api/jobs': 'admin',
  'GET /api/chats': 'admin',
  'POST /api/chats/link-codes': 'admin',
  'GET /api/chats/:chatId/subscriptions': 'admin',
  'PUT /api/chats/:chatId/subscriptions': 'admin',
  'DELETE /api/chats/:chatId': 'admin',
  'GET /api/audit/events': 'admin',
  'GET /api/audit/events/:stream/:seq': 'admin',
  'POST /api/audit/replays': 'admin',
  'GET /api/audit/log': 'admin',
  'GET /api/docs': 'admin',
};

/** A valid value of each route parameter, so a request that passes the guard reaches its handler. */
const PARAMS: Record<string, string> = {
  id: '0193a2b4-0000-7000-8000-0000000000aa',
  ruleId: 'cash.variance',
  isoWeek: '2026-W48',
  chatId: '111111',
  stream: 'CASH',
  seq: '1',
};

const PROTECTED = Object.entries(API_ROUTES).filter(([, access]) => access === 'admin' || access === 'super-admin');
const SUPER_ONLY = PROTECTED.filter(([, access]) => access === 'super-admin');
const INGEST_TOKEN = 'ingest-token-for-the-auth-tests-0123';

interface ErrorBody {
  error: { code: string; message: string };
}

function registeredApiRoutes(gateway: RunningService): string[] {
  const app = gateway.app.getHttpAdapter().getInstance() as Application & { router: { stack: unknown[] } };
  const keys = new Set<string>();
  for (const layer of app.router.stack as { route?: { path: string; methods: Record<string, boolean> } }[]) {
    if (!layer.route || !layer.route.path.startsWith('/api')) continue;
    for (const method of Object.keys(layer.route.methods)) keys.add(`${method.toUpperCase()} ${layer.route.path}`);
  }
  return [...keys].sort();
}

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('every /api route and the live feed refuse callers without the right token', () => {
  let env: TestEnvironment;
  let gateway: RunningService;
  let superAdmin: LoginResponse;
  let admin: LoginResponse;
  let disabled: AccountView;
  // Logging out ends every session of the account: that route is let through with accounts of its own.
  const logoutCallers: Record<'super-admin' | 'admin', string> = { 'super-admin': '', admin: '' };
  const now = () => Math.floor(Date.now() / 1000);

  beforeAll(async () => {
    env = await testEnvironment({ name: 'api-auth-test' });
    gateway = await startGateway({
      ...env.env,
      ...authEnv(),
      GATEWAY_PORT: '0',
      LOG_LEVEL: 'error',
      INGEST_TOKENS: INGEST_TOKEN,
      ANOMALY_URL: `http://127.0.0.1:${await closedPort()}`,
      MONITOR_URL: `http://127.0.0.1:${await closedPort()}`,
      REPORTING_URL: `http://127.0.0.1:${await closedPort()}`,
      NOTIFICATION_URL: `http://127.0.0.1:${await closedPort()}`,
    });
    superAdmin = await logIn(gateway.url, BOOTSTRAP.login, BOOTSTRAP.password);
    const create = (login: string) =>
      call<AccountView>(gateway.url, 'POST', '/api/accounts', {
        token: superAdmin.token,
        body: { login, password: 'mot de passe de test', role: 'admin' },
      });
    await create('simple.admin');
    disabled = (await create('admin.desactive')).body;
    admin = await logIn(gateway.url, 'simple.admin', 'mot de passe de test');
    for (const role of ['super-admin', 'admin'] as const) {
      await call(gateway.url, 'POST', '/api/accounts', {
        token: superAdmin.token,
        body: { login: `logout.${role}`, password: 'mot de passe de test', role },
      });
      logoutCallers[role] = `logout.${role}`;
    }
    await call(gateway.url, 'PATCH', `/api/accounts/${disabled.id}`, { token: superAdmin.token, body: { disabled: true } });
  });

  afterAll(async () => {
    await gateway?.stop();
    await env?.cleanup();
  });

  const pathOf = (route: string) => route.split(' ')[1].replace(/:([A-Za-z]+)/g, (_, name: string) => PARAMS[name]);
  const send = (route: string, headers: Record<string, string> = {}) => {
    const method = route.split(' ')[0];
    return call<ErrorBody>(gateway.url, method, pathOf(route), { body: method === 'GET' || method === 'DELETE' ? undefined : {}, headers });
  };
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

  it('the list above is exactly the /api routes express serves, and only login and ingest are public', () => {
    expect(registeredApiRoutes(gateway)).toEqual(Object.keys(API_ROUTES).sort());
    expect(Object.fromEntries(API_DOC_ROUTES.map((r) => [`${r.method} ${r.path}`, r.access]))).toEqual(API_ROUTES);
    const open = Object.entries(API_ROUTES).filter(([, a]) => a === 'public' || a === 'ingest-token');
    expect(open.map(([route]) => route).sort()).toEqual([...PUBLIC_API_ROUTES].sort());
  });

  /** Tokens that must open nothing, as a bearer token or in the Socket.IO handshake. */
  const badTokens: [string, () => string][] = [
    ['a token that is not a JWT', () => 'not-a-token'],
    ['the ingest token', () => INGEST_TOKEN],
    ['an expired token', () => mintToken({ sub: superAdmin.account.id, role: 'super-admin', iat: now() - 1000, exp: now() - 1 })],
    [
      'a token signed with another secret',
      () => mintToken({ sub: superAdmin.account.id, role: 'super-admin' }, 'someone-elses-secret-0123456789abcdef'),
    ],
    [
      'an unsigned (alg none) token',
      () => {
        const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
        const claims = { iss: 'vigie-gateway', sub: superAdmin.account.id, role: 'super-admin', sv: 0, iat: now(), exp: now() + 900, auth_time: now() };
        return `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims)}.`;
      },
    ],
    ['a token of an older session version', () => mintToken({ sub: superAdmin.account.id, role: 'super-admin', sv: 7 })],
    ['a token of a disabled account', () => mintToken({ sub: disabled.id, sv: 1 })],
    ['a token of an account that does not exist', () => mintToken({ sub: '0193a2b4-0000-7000-8000-0000000000ff', role: 'super-admin' })],
  ];

  const badCredentials: [string, () => Record<string, string>][] = [
    ['no Authorization header', () => ({})],
    ['an empty bearer', () => ({ authorization: 'Bearer ' })],
    ['another scheme', () => ({ authorization: `Basic ${Buffer.from('chef:secret').toString('base64')}` })],
    ...badTokens.map(([what, token]): [string, () => Record<string, string>] => [what, () => bearer(token())]),
  ];

  describe.each(PROTECTED)('%s (%s)', (route) => {
    it.each(badCredentials)('401 auth.unauthorized with %s', async (_what, headers) => {
      const res = await send(route, headers());
      expect([res.status, res.body.error?.code]).toEqual([401, 'auth.unauthorized']);
    });

    it('lets an enabled super-admin through', async () => {
      const token = route === 'POST /api/auth/logout'
        ? (await logIn(gateway.url, logoutCallers['super-admin'], 'mot de passe de test')).token
        : superAdmin.token;
      const res = await send(route, bearer(token));
      expect(res.status).not.toBe(401);
      expect(res.status).not.toBe(403);
    });
  });

  describe.each(PROTECTED.filter(([, access]) => access === 'admin'))('%s', (route) => {
    it('lets an admin through', async () => {
      const token = route === 'POST /api/auth/logout' ? (await logIn(gateway.url, logoutCallers.admin, 'mot de passe de test')).token : admin.token;
      const res = await send(route, bearer(token));
      expect([401, 403]).not.toContain(res.status);
    });
  });

  describe.each(SUPER_ONLY)('%s', (route) => {
    it('403 auth.forbidden for an admin', async () => {
      const res = await send(route, bearer(admin.token));
      expect([res.status, res.body.error.code]).toEqual([403, 'auth.forbidden']);
    });

    it('403 for an admin whose well-signed token claims super-admin: the account table decides', async () => {
      const res = await send(route, bearer(mintToken({ sub: admin.account.id, role: 'super-admin' })));
      expect([res.status, res.body.error.code]).toEqual([403, 'auth.forbidden']);
    });
  });

  it('POST /api/auth/login is reachable without a token', async () => {
    const res = await send('POST /api/auth/login');
    expect([res.status, res.body.error.code]).toEqual([400, 'validation.failed']);
  });

  it('POST /api/events keeps its own ingest token: an account token is refused, the ingest token accepted', async () => {
    expect((await send('POST /api/events', bearer(superAdmin.token))).status).toBe(401);
    const res = await send('POST /api/events', bearer(INGEST_TOKEN));
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toContain('rejected');
  });

  it('probes and metrics stay open', async () => {
    for (const path of ['/health/live', '/health/ready', '/metrics']) {
      expect([path, (await call(gateway.url, 'GET', path)).status]).toEqual([path, 200]);
    }
  });

  describe('Socket.IO /live', () => {
    function connect(auth: Record<string, unknown>) {
      const socket = io(gateway.url + LIVE_NAMESPACE, { auth, transports: ['websocket'], reconnection: false, forceNew: true });
      const outcome = new Promise<{ ok: true } | { ok: false; message: string; code?: string }>((resolve) => {
        socket.once('connect', () => resolve({ ok: true }));
        socket.once('connect_error', (e: Error & { data?: { code?: string } }) =>
          resolve({ ok: false, message: e.message, code: e.data?.code }),
        );
      });
      return { socket, outcome };
    }

    const handshakes: [string, () => Record<string, unknown>][] = [
      ['no auth at all', () => ({})],
      ['a sinceSeq but no token', () => ({ sinceSeq: 0 })],
      ['a token that is not a string', () => ({ token: 42 })],
      ['an empty token', () => ({ token: '' })],
      ...badTokens.map(([what, token]): [string, () => Record<string, unknown>] => [what, () => ({ token: token() })]),
    ];

    it.each(handshakes)('connect_error auth.unauthorized with %s', async (_what, auth) => {
      const { socket, outcome } = connect(auth());
      try {
        const result = await outcome;
        expect(result).toMatchObject({ ok: false, code: 'auth.unauthorized', message: expect.stringMatching(/^auth\.unauthorized: /) });
      } finally {
        socket.close();
      }
    });

    it('admits an admin token', async () => {
      const { socket, outcome } = connect({ token: admin.token, sinceSeq: 0 });
      try {
        expect(await outcome).toEqual({ ok: true });
      } finally {
        socket.close();
      }
    });

    it('disconnects a connection when its token expires, not before', async () => {
      const exp = now() + 2;
      const { socket, outcome } = connect({ token: mintToken({ sub: admin.account.id, exp }) });
      try {
        expect(await outcome).toEqual({ ok: true });
        const reason = await new Promise<string>((resolve) => socket.once('disconnect', resolve));
        expect(reason).toBe('io server disconnect');
        expect(Date.now()).toBeGreaterThanOrEqual(exp * 1000 - 20);
        expect(Date.now()).toBeLessThan(exp * 1000 + 1500);
      } finally {
        socket.close();
      }
    });
  });
});
