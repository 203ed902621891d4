import type { AccountView, LoginResponse } from '@vigie/contracts';
import type { RunningService } from '@vigie/health';
import { testEnvironment, type TestEnvironment } from '@vigie/testing';
import type { ServerResponse } from 'node:http';
import { startGateway } from '../app';
import { authEnv, BOOTSTRAP, call, logIn, TEST_AUTH_SECRET } from '../auth/int-spec-support';
import { Principals } from '../auth/principal';
import { json, UpstreamStub, type Received } from '../upstream/int-spec-support';

interface ErrorBody {
  error: { code: string; message: string };
}

const RULE = {
  ruleId: 'cash.variance',
  version: 2,
  enabled: true,
  severity: 'warning',
  params: { warningAbove: 10, criticalAbove: 50 },
  overrides: [{ ruleId: 'cash.variance', scope: { siteId: 'site-1' }, params: { warningAbove: 15 } }],
};

const RECOMMENDATION = {
  recommendationId: 'rec-1',
  kind: 'register-shortfalls',
  siteId: 'site-1',
  subject: 'caisse-2',
  severity: 'warning',
  title: 'Caisse caisse-2 : écarts répétés',
  summary: '4 écarts de plus de 10 € en 14 jours',
  evidence: { sessions: 4 },
  actions: ['Recompter le fond de caisse'],
  asOf: '2026-11-29',
  issuedAt: '2026-11-30T06:15:00.000Z',
  generation: 1,
};

const REPORT_ITEM = {
  isoWeek: '2026-W48',
  reportId: 'rep-2026-W48',
  from: '2026-11-23',
  to: '2026-11-29',
  generatedAt: '2026-11-30T07:00:00.000Z',
  summary: { salesTotal: 1234.5, cashSessions: 12 },
};

const REPORT = {
  ...REPORT_ITEM,
  eventId: '0193a2b4-0000-7000-8000-0000000000aa',
  report: {
    isoWeek: '2026-W48',
    previousIsoWeek: '2026-W47',
    from: '2026-11-23',
    to: '2026-11-29',
    overall: { cash: { salesTotal: { value: 1234.5 } } },
    sites: {},
    chart: { days: ['2026-11-23'], sales: [100], previousSales: [90] },
  },
};

const JOB = {
  name: 'reporting.generate-weekly-report',
  description: 'weekly KPI report',
  schedule: { cron: '0 8 * * 1', timeZone: 'Europe/Paris' },
  status: 'ok',
  expectedSince: null,
  lastRun: {
    trigger: 'schedule',
    instanceId: 'rep-1',
    startedAt: '2026-11-30T07:00:00.000Z',
    finishedAt: '2026-11-30T07:00:02.000Z',
    outcome: 'succeeded',
    error: null,
    summary: null,
  },
  lastSuccessAt: '2026-11-30T07:00:02.000Z',
  nextRunAt: '2026-12-07T07:00:00.000Z',
};

const CHAT = {
  chatId: '111111',
  principal: 'chat-principal-1',
  linkedVia: 'env',
  linkedAt: '2026-11-30T07:00:00.000Z',
  locale: 'fr',
  timeZone: 'Europe/Paris',
  quietHours: null,
  mutedUntil: null,
};

const SUBSCRIPTIONS = [
  { topic: 'cash.*', enabled: true, minSeverity: 'warning', resolved: true },
  { topic: 'report.weekly', enabled: true, minSeverity: 'info', resolved: false },
];

describe('read proxies: /api/kpis, metrics, recommendations, rules, reports, jobs, chats', () => {
  let env: TestEnvironment;
  let gateway: RunningService;
  const anomaly = new UpstreamStub();
  const monitor = new UpstreamStub();
  const reporting = new UpstreamStub();
  const notification = new UpstreamStub();
  const stubs = [anomaly, monitor, reporting, notification];
  let superAdmin: LoginResponse;
  let admin: LoginResponse;
  const principals = new Principals(TEST_AUTH_SECRET);

  const get = <T = unknown>(path: string, token = superAdmin.token) => call<T>(gateway.url, 'GET', path, { token });
  const send = <T = unknown>(method: string, path: string, body?: unknown, token = superAdmin.token) =>
    call<T>(gateway.url, method, path, { token, body });

  beforeAll(async () => {
    env = await testEnvironment({ name: 'proxies-test' });
    for (const stub of stubs) await stub.start();
    gateway = await startGateway({
      ...env.env,
      ...authEnv(),
      GATEWAY_PORT: '0',
      LOG_LEVEL: 'error',
      ANOMALY_URL: anomaly.url,
      MONITOR_URL: monitor.url,
      REPORTING_URL: reporting.url,
      NOTIFICATION_URL: notification.url,
      ANOMALY_TIMEOUT_MS: '300',
      UPSTREAM_TIMEOUT_MS: '300',
    });
    superAdmin = await logIn(gateway.url, BOOTSTRAP.login, BOOTSTRAP.password);
    await call<AccountView>(gateway.url, 'POST', '/api/accounts', {
      token: superAdmin.token,
      body: { login: 'simple.admin', password: 'mot de passe de test', role: 'admin' },
    });
    admin = await logIn(gateway.url, 'simple.admin', 'mot de passe de test');
  });

  afterEach(() => {
    for (const stub of stubs) stub.reset();
  });

  afterAll(async () => {
    await gateway?.stop();
    for (const stub of stubs) await stub.stop().catch(() => undefined);
    await env?.cleanup();
  });

  describe('KPIs and daily metrics (anomaly GET /kpis)', () => {
    const rows = [
      { day: '2026-11-29', siteId: 'site-1', kind: 'ai', key: 'local', counters: { classifications: 3, failures: 1, latencyLe250Ms: 4 }, latencyP50Ms: 250, latencyP95Ms: 250, extra: 1 },
      { day: '2026-11-30', siteId: 'site-1', kind: 'cash', key: 'caisse-1', counters: { sessionsClosed: 1, salesCents: 2550, salesCount: 2 } },
    ];

    it('passes the query on and relays the rows (unknown fields dropped)', async () => {
      anomaly.on('GET /kpis', 200, { items: rows });
      const res = await get<{ items: unknown[] }>('/api/kpis?from=2026-11-29&to=2026-11-30&siteId=site-1&kind=ai', admin.token);
      expect(res.status).toBe(200);
      expect(res.body.items).toEqual([{ ...rows[0], extra: undefined }, rows[1]].map((r) => JSON.parse(JSON.stringify(r))));
      expect(anomaly.received.map((r) => [r.method, r.url])).toEqual([['GET', '/kpis?from=2026-11-29&to=2026-11-30&siteId=site-1&kind=ai']]);
    });

    it.each([
      ['?from=2026-11-30', 'to'],
      ['?from=2026-11-30&to=2026-11-29', 'to'],
      ['?from=2026-02-30&to=2026-03-01', 'from'],
      ['?from=2025-01-01&to=2026-11-30', 'to'],
      ['?from=2026-11-29&to=2026-11-30&kind=weather', 'kind'],
      ['?from=2026-11-29&to=2026-11-30&siteId=a/b', 'siteId'],
    ])('%s → 400 naming %s, nothing asked upstream', async (query, field) => {
      const res = await get<ErrorBody>(`/api/kpis${query}`);
      expect([res.status, res.body.error.code]).toEqual([400, 'validation.failed']);
      expect(res.body.error.message).toContain(field);
      expect(anomaly.received).toEqual([]);
    });

    it('/api/metrics/daily turns the rows into one value per day', async () => {
      anomaly.on('GET /kpis', 200, { items: rows });
      const res = await get<Record<string, unknown>>('/api/metrics/daily?from=2026-11-29&to=2026-11-30', admin.token);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        from: '2026-11-29',
        to: '2026-11-30',
        siteId: null,
        days: ['2026-11-29', '2026-11-30'],
        ai: { classifications: [3, 0], failures: [1, 0], errorRate: [0.25, null], latencyP95Ms: [250, null] },
        cash: { sessionsClosed: [0, 1], salesTotal: [0, 25.5], salesCount: [0, 2] },
      });
      expect(anomaly.received.map((r) => r.url)).toEqual(['/kpis?from=2026-11-29&to=2026-11-30']);
    });
  });

  it('GET /api/recommendations relays the active ones', async () => {
    anomaly.on('GET /recommendations', 200, { items: [RECOMMENDATION] });
    const res = await get<{ items: Record<string, unknown>[] }>('/api/recommendations', admin.token);
    expect(res.status).toBe(200);
    const { generation: _generation, ...expected } = RECOMMENDATION;
    expect(res.body.items).toEqual([expected]);
  });

  describe('rules', () => {
    it('any admin reads them', async () => {
      anomaly.on('GET /rules', 200, { items: [RULE] });
      anomaly.on('GET /rules/cash.variance', 200, RULE);
      expect(await get('/api/rules', admin.token)).toMatchObject({ status: 200, body: { items: [RULE] } });
      expect(await get('/api/rules/cash.variance', admin.token)).toMatchObject({ status: 200, body: RULE });
    });

    it('PUT sends one scope with by = the super-admin principal, and relays the new rule', async () => {
      anomaly.on('PUT /rules/cash.variance', 200, RULE);
      const res = await send('PUT', '/api/rules/cash.variance', { scope: { siteId: 'site-1' }, params: { warningAbove: 15 } });
      expect(res).toMatchObject({ status: 200, body: RULE });
      expect(anomaly.received).toEqual([
        {
          method: 'PUT',
          url: '/rules/cash.variance',
          body: { scope: { siteId: 'site-1' }, params: { warningAbove: 15 }, by: principals.of(BOOTSTRAP.login) },
        },
      ]);
    });

    it('PUT without a scope means everywhere', async () => {
      anomaly.on('PUT /rules/cash.variance', 200, RULE);
      await send('PUT', '/api/rules/cash.variance', { enabled: false });
      expect(anomaly.received[0].body).toEqual({ scope: {}, enabled: false, by: principals.of(BOOTSTRAP.login) });
    });

    it.each([
      [{}, 'give at least one'],
      [{ params: { warningAbove: -1 } }, 'params.warningAbove'],
      [{ params: { warningAbove: '15' } }, 'params.warningAbove'],
      [{ severity: 'fatal' }, 'severity'],
      [{ enabled: true, by: 'someone-else' }, 'by'],
      [{ enabled: true, scope: { siteId: '../x' } }, 'scope.siteId'],
    ])('PUT %j → 400 naming %s, nothing sent', async (body, field) => {
      const res = await send<ErrorBody>('PUT', '/api/rules/cash.variance', body);
      expect([res.status, res.body.error.code]).toEqual([400, 'validation.failed']);
      expect(res.body.error.message).toContain(field);
      expect(anomaly.received).toEqual([]);
    });

    it("relays the anomaly service's refusal of an unknown parameter or rule", async () => {
      anomaly.on('PUT /rules/cash.variance', 400, {
        error: { code: 'validation.failed', message: 'params.nope: unknown parameter of cash.variance (known: warningAbove, criticalAbove)' },
      });
      const res = await send<ErrorBody>('PUT', '/api/rules/cash.variance', { params: { nope: 1 } });
      expect(res.status).toBe(400);
      expect(res.body.error.message).toContain('unknown parameter');
      anomaly.on('GET /rules/sync.nope', 404, { error: { code: 'rule.not-found', message: 'no rule sync.nope' } });
      expect(await get('/api/rules/sync.nope')).toMatchObject({ status: 404, body: { error: { code: 'rule.not-found' } } });
    });

    it('a rule id that is not <family>.<name> never reaches the upstream URL', async () => {
      const res = await get<ErrorBody>('/api/rules/..%2Fanomalies');
      expect(res.status).toBe(400);
      expect(anomaly.received).toEqual([]);
    });

    it('DELETE of an override passes its scope as the query', async () => {
      anomaly.on('DELETE /rules/cash.variance/overrides', 200, { ...RULE, overrides: [] });
      const res = await send('DELETE', '/api/rules/cash.variance/overrides?siteId=site-1&subject=caisse-2');
      expect(res.status).toBe(200);
      expect(anomaly.received.map((r) => [r.method, r.url])).toEqual([['DELETE', '/rules/cash.variance/overrides?siteId=site-1&subject=caisse-2']]);
    });

    it('an admin may not change them: 403, nothing sent', async () => {
      for (const [method, path, body] of [
        ['PUT', '/api/rules/cash.variance', { enabled: false }],
        ['DELETE', '/api/rules/cash.variance/overrides', undefined],
      ] as const) {
        const res = await send<ErrorBody>(method, path, body, admin.token);
        expect([res.status, res.body.error.code]).toEqual([403, 'auth.forbidden']);
      }
      expect(anomaly.received).toEqual([]);
    });
  });

  describe('reports and jobs (reporting)', () => {
    it('lists with the limit, and reads one', async () => {
      reporting.on('GET /reports', 200, { items: [REPORT_ITEM] });
      reporting.on('GET /reports/2026-W48', 200, REPORT);
      expect(await get('/api/reports?limit=5', admin.token)).toMatchObject({ status: 200, body: { items: [REPORT_ITEM] } });
      const one = await get<{ report: Record<string, unknown> }>('/api/reports/2026-W48', admin.token);
      expect(one.status).toBe(200);
      expect(one.body.report).toEqual(REPORT.report);
      expect(reporting.received.map((r) => r.url)).toEqual(['/reports?limit=5', '/reports/2026-W48']);
    });

    it('serves the CSV as a download', async () => {
      reporting.replies.set('GET /reports/2026-W48.csv', (_req, res) => {
        res.writeHead(200, { 'content-type': 'text/csv; charset=utf-8' }).end('indicateur;valeur\r\nventes;1234,50\r\n');
      });
      const res = await call<string>(gateway.url, 'GET', '/api/reports/2026-W48.csv', { token: admin.token });
      expect(res.status).toBe(200);
      expect(res.body).toBe('indicateur;valeur\r\nventes;1234,50\r\n');
      expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(res.headers['content-disposition']).toBe('attachment; filename="vigie-rapport-2026-W48.csv"');
    });

    it('relays 404 report.not-found, refuses a malformed week', async () => {
      reporting.on('GET /reports/2026-W01', 404, { error: { code: 'report.not-found', message: 'no weekly report for 2026-W01' } });
      expect(await get('/api/reports/2026-W01')).toMatchObject({ status: 404, body: { error: { code: 'report.not-found' } } });
      expect((await get('/api/reports/2026-W60')).status).toBe(400);
      expect((await get('/api/reports/2026-W60.csv')).status).toBe(400);
      expect(reporting.received.map((r) => r.url)).toEqual(['/reports/2026-W01']);
    });

    it('GET /api/jobs relays the jobs', async () => {
      reporting.on('GET /jobs', 200, { items: [JOB] });
      const res = await get<{ items: Record<string, unknown>[] }>('/api/jobs', admin.token);
      expect(res.status).toBe(200);
      expect(res.body.items[0]).toMatchObject({ name: JOB.name, status: 'ok', nextRunAt: JOB.nextRunAt });
      expect(JSON.stringify(res.body)).not.toContain('instanceId');
    });
  });

  describe('chats (notification): an admin sees and manages the chats they linked, a super-admin every chat', () => {
    const mine = () => ({ ...CHAT, linkedVia: 'code', linkedBy: principals.of('simple.admin') });
    const others = { ...CHAT, chatId: '333333', linkedVia: 'code', linkedBy: principals.of('autre.admin') };
    const fromEnv = { ...CHAT, chatId: '222222' };
    const withoutPrincipal = ({ principal: _principal, ...chat }: Record<string, unknown>) => ({ linkedBy: null, ...chat });
    const linked = () => {
      notification.on('GET /chats', 200, { items: [mine(), others, fromEnv] });
      for (const chat of [mine(), others, fromEnv]) notification.on(`GET /chats/${chat.chatId}`, 200, chat);
    };

    it('lists linked chats without their principal: an admin only their own', async () => {
      linked();
      const res = await get<{ items: Record<string, unknown>[] }>('/api/chats', admin.token);
      expect(res.status).toBe(200);
      expect(res.body.items).toEqual([withoutPrincipal(mine())]);
      const all = await get<{ items: Record<string, unknown>[] }>('/api/chats');
      expect(all.body.items).toEqual([mine(), others, fromEnv].map(withoutPrincipal));
    });

    it('a link code is created for the asking admin (createdBy = its principal)', async () => {
      notification.on('POST /chats/link-codes', 201, { code: 'K7P2QX', expiresAt: '2026-11-30T08:10:00.000Z', command: '/link K7P2QX' });
      const res = await send('POST', '/api/chats/link-codes', { ttlMinutes: 15 }, admin.token);
      expect(res).toMatchObject({ status: 201, body: { code: 'K7P2QX', command: '/link K7P2QX' } });
      expect(notification.received[0].body).toEqual({ ttlMinutes: 15, createdBy: principals.of('simple.admin') });
      expect(JSON.stringify(notification.received)).not.toContain('simple.admin');
    });

    it('reads and replaces the subscriptions of an own chat', async () => {
      linked();
      notification.on('GET /chats/111111/subscriptions', 200, { chatId: '111111', items: SUBSCRIPTIONS });
      notification.on('PUT /chats/111111/subscriptions', 200, { chatId: '111111', items: SUBSCRIPTIONS });
      expect(await get('/api/chats/111111/subscriptions', admin.token)).toMatchObject({ status: 200, body: { items: SUBSCRIPTIONS } });
      const res = await send('PUT', '/api/chats/111111/subscriptions', { items: SUBSCRIPTIONS }, admin.token);
      expect(res.status).toBe(200);
      expect(notification.received.filter((r) => r.method === 'PUT')).toEqual([
        { method: 'PUT', url: '/chats/111111/subscriptions', body: { items: SUBSCRIPTIONS } },
      ]);
    });

    it.each([
      ['GET', '/api/chats/333333/subscriptions', undefined],
      ['PUT', '/api/chats/333333/subscriptions', { items: SUBSCRIPTIONS }],
      ['DELETE', '/api/chats/333333', undefined],
      ['GET', '/api/chats/222222/subscriptions', undefined],
      ['DELETE', '/api/chats/222222', undefined],
    ])('an admin: %s %s of a chat they did not link → 404 chat.not-found, nothing changed', async (method, path, body) => {
      linked();
      const res = await send<ErrorBody>(method, path, body, admin.token);
      expect([res.status, res.body.error.code]).toEqual([404, 'chat.not-found']);
      expect(notification.received.every((r) => r.method === 'GET' && /^\/chats\/\d+$/.test(r.url))).toBe(true);
    });

    it('a super-admin reads and changes any chat without an ownership lookup', async () => {
      notification.on('PUT /chats/333333/subscriptions', 200, { chatId: '333333', items: SUBSCRIPTIONS });
      expect((await send('PUT', '/api/chats/333333/subscriptions', { items: SUBSCRIPTIONS })).status).toBe(200);
      expect(notification.received.map((r) => `${r.method} ${r.url}`)).toEqual(['PUT /chats/333333/subscriptions']);
    });

    it.each([
      ['PUT', '/api/chats/111111/subscriptions', { items: [{ topic: 'cash.*', enabled: 'yes', minSeverity: 'warning', resolved: true }] }],
      ['PUT', '/api/chats/abc/subscriptions', { items: [] }],
      ['POST', '/api/chats/link-codes', { ttlMinutes: 0 }],
      ['POST', '/api/chats/link-codes', { createdBy: 'someone' }],
    ])('%s %s %j → 400, nothing sent', async (method, path, body) => {
      const res = await send<ErrorBody>(method, path, body, admin.token);
      expect([res.status, res.body.error.code]).toEqual([400, 'validation.failed']);
      expect(notification.received).toEqual([]);
    });

    it('unlinking: an admin their own chat, a super-admin any (204); relays 404 chat.not-found', async () => {
      linked();
      notification.replies.set('DELETE /chats/111111', (_req, res) => void res.writeHead(204).end());
      notification.replies.set('DELETE /chats/333333', (_req, res) => void res.writeHead(204).end());
      expect((await send('DELETE', '/api/chats/111111', undefined, admin.token)).status).toBe(204);
      expect((await send('DELETE', '/api/chats/333333')).status).toBe(204);
      notification.on('DELETE /chats/444444', 404, { error: { code: 'chat.not-found', message: 'no linked chat 444444' } });
      expect(await send('DELETE', '/api/chats/444444')).toMatchObject({ status: 404, body: { error: { code: 'chat.not-found' } } });
      notification.on('GET /chats/444444', 404, { error: { code: 'chat.not-found', message: 'no linked chat 444444' } });
      expect(await send('DELETE', '/api/chats/444444', undefined, admin.token)).toMatchObject({ status: 404, body: { error: { code: 'chat.not-found' } } });
    });
  });

  describe('an upstream that fails → 502 upstream.unavailable naming it, never its own message', () => {
    const routes: [string, string, string, UpstreamStub][] = [
      ['anomaly', 'GET', '/api/kpis?from=2026-11-29&to=2026-11-30', anomaly],
      ['anomaly', 'GET', '/api/metrics/daily?from=2026-11-29&to=2026-11-30', anomaly],
      ['anomaly', 'GET', '/api/recommendations', anomaly],
      ['anomaly', 'GET', '/api/rules', anomaly],
      ['reporting', 'GET', '/api/reports', reporting],
      ['reporting', 'GET', '/api/reports/2026-W48.csv', reporting],
      ['reporting', 'GET', '/api/jobs', reporting],
      ['notification', 'GET', '/api/chats', notification],
      ['notification', 'POST', '/api/chats/link-codes', notification],
    ];
    const failures: [string, (req: Received, res: ServerResponse) => void][] = [
      ['a 500', (_req, res) => json(res, 500, { error: { code: 'internal', message: 'boom' } })],
      ['a 503 without JSON', (_req, res) => void res.writeHead(503).end('boom')],
      ['an answer of another shape', (_req, res) => json(res, 200, { items: [{ boom: true }] })],
      ['no answer within the timeout', () => undefined],
    ];

    describe.each(routes)('%s: %s %s', (service, method, path, stub) => {
      it.each(failures)('%s', async (_what, reply) => {
        stub.fallback = reply;
        try {
          const res = await send<ErrorBody>(method, path, method === 'GET' ? undefined : {}, admin.token);
          expect([res.status, res.body.error.code]).toEqual([502, 'upstream.unavailable']);
          expect(res.body.error.message).toContain(`the ${service} service is unavailable`);
          expect(res.body.error.message).not.toContain('boom');
        } finally {
          stub.fallback = (_req, res) => json(res, 500, { error: { code: 'internal', message: 'internal error' } });
        }
      });
    });
  });

  describe('GET /api/health', () => {
    const target = (name: string, up: boolean | null) => ({
      name,
      url: `http://127.0.0.1:1/${name}`,
      up,
      lastStatus: up ? 200 : null,
      lastLatencyMs: up === null ? null : 7,
      lastError: up === false ? 'network ECONNREFUSED' : null,
      lastCheckedAt: up === null ? null : '2026-11-30T08:00:00.000Z',
      consecutiveFailures: up === false ? 3 : 0,
      failingSince: up === false ? '2026-11-30T07:59:50.000Z' : null,
    });

    it("shows the monitor's targets in its order, without their URLs, and the monitor itself up", async () => {
      monitor.on('GET /targets', 200, { items: [target('gateway', true), target('cash', false), target('sync', null)] });
      const res = await get<{ monitorAvailable: boolean; services: Record<string, unknown>[] }>('/api/health', admin.token);
      expect(res.status).toBe(200);
      expect(res.body.monitorAvailable).toBe(true);
      expect(res.body.services.map((s) => [s.name, s.up, s.consecutiveFailures])).toEqual([
        ['gateway', true, 0],
        ['cash', false, 3],
        ['sync', null, 0],
        ['monitor', true, 0],
      ]);
      expect(JSON.stringify(res.body)).not.toContain('127.0.0.1:1');
    });

    it('still answers when the monitor does not: the monitor is shown down', async () => {
      monitor.fallback = (_req, res) => void res.writeHead(503).end();
      try {
        const res = await get<{ monitorAvailable: boolean; services: Record<string, unknown>[] }>('/api/health', admin.token);
        expect(res.status).toBe(200);
        expect(res.body.monitorAvailable).toBe(false);
        expect(res.body.services.find((s) => s.name === 'monitor')).toMatchObject({ up: false });
      } finally {
        monitor.fallback = (_req, res) => json(res, 500, {});
      }
    });
  });
});
