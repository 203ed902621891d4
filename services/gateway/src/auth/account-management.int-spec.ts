import {
  LIVE_NAMESPACE,
  type AccountChangeListResponse,
  type AccountListResponse,
  type AccountWithPassword,
  type LoginResponse,
} from '@vigie/contracts';
import type { RunningService } from '@vigie/health';
import { testEnvironment, type TestEnvironment } from '@vigie/testing';
import { io, type Socket } from 'socket.io-client';
import { startGateway } from '../app';
import { authEnv, BOOTSTRAP, call, logIn } from './int-spec-support';

interface ErrorBody {
  error: { code: string; message: string };
}

let lastIp = 60;
const freshIp = () => `127.0.0.${++lastIp}`;

describe('account management: logout, own password, generated passwords, audit trail', () => {
  let env: TestEnvironment;
  let gateway: RunningService;
  let superAdmin: LoginResponse;

  const api = <T>(method: string, path: string, opts: Parameters<typeof call>[3] = {}) =>
    call<T>(gateway.url, method, path, { token: superAdmin.token, ...opts });

  async function connect(token: string): Promise<Socket> {
    const socket = io(gateway.url + LIVE_NAMESPACE, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
    return socket;
  }

  function handshake(token: string): Promise<{ ok: boolean; code?: string }> {
    const socket = io(gateway.url + LIVE_NAMESPACE, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
    return new Promise<{ ok: boolean; code?: string }>((resolve) => {
      socket.once('connect', () => resolve({ ok: true }));
      socket.once('connect_error', (e: Error & { data?: { code?: string } }) => resolve({ ok: false, code: e.data?.code }));
    }).finally(() => socket.close());
  }

  beforeAll(async () => {
    env = await testEnvironment({ name: 'account-mgmt-test' });
    gateway = await startGateway({ ...env.env, ...authEnv(), GATEWAY_PORT: '0', LOG_LEVEL: 'error' });
    superAdmin = await logIn(gateway.url, BOOTSTRAP.login, BOOTSTRAP.password);
  });

  afterAll(async () => {
    await gateway?.stop();
    await env?.cleanup();
  });

  it('logout: the same token then gets 401 on a route and on the Socket.IO handshake; its live connection closes', async () => {
    await api('POST', '/api/accounts', { body: { login: 'admin.sortant', password: 'mot de passe sortant', role: 'admin' } });
    const { token } = await logIn(gateway.url, 'admin.sortant', 'mot de passe sortant');
    expect((await call(gateway.url, 'GET', '/api/anomalies', { token })).status).toBe(200);
    const socket = await connect(token);
    try {
      const closed = new Promise<string>((resolve) => socket.once('disconnect', resolve));
      const out = await call(gateway.url, 'POST', '/api/auth/logout', { token });
      expect(out.status).toBe(204);
      expect(await closed).toBe('io server disconnect');
    } finally {
      socket.close();
    }
    const refused = await call<ErrorBody>(gateway.url, 'GET', '/api/anomalies', { token });
    expect([refused.status, refused.body.error.code]).toEqual([401, 'auth.unauthorized']);
    expect((await call(gateway.url, 'POST', '/api/auth/refresh', { token })).status).toBe(401);
    expect(await handshake(token)).toEqual({ ok: false, code: 'auth.unauthorized' });
    expect((await call(gateway.url, 'POST', '/api/auth/logout', { token })).status).toBe(401);
    const again = await logIn(gateway.url, 'admin.sortant', 'mot de passe sortant', freshIp());
    expect((await call(gateway.url, 'GET', '/api/auth/me', { token: again.token })).status).toBe(200);
    expect(await handshake(again.token)).toEqual({ ok: true });
  });

  it('creates an admin with a generated password shown once; it logs in with it', async () => {
    const res = await api<AccountWithPassword>('POST', '/api/accounts', { body: { login: 'admin.genere', role: 'admin' } });
    expect(res.status).toBe(201);
    expect(res.body.generatedPassword).toMatch(/^[A-Za-z2-9]{5}(-[A-Za-z2-9]{5}){3}$/);
    const session = await logIn(gateway.url, 'admin.genere', res.body.generatedPassword!);
    expect(session.account).toEqual({ id: res.body.id, login: 'admin.genere', role: 'admin' });
    const given = await api<AccountWithPassword>('POST', '/api/accounts', {
      body: { login: 'admin.choisi', role: 'admin', password: 'un mot de passe choisi' },
    });
    expect(given.status).toBe(201);
    expect(given.body).not.toHaveProperty('generatedPassword');
  });

  it('an admin sees only their own account and cannot administer others', async () => {
    await api('POST', '/api/accounts', { body: { login: 'admin.curieux', password: 'mot de passe curieux', role: 'admin' } });
    const admin = await logIn(gateway.url, 'admin.curieux', 'mot de passe curieux');
    const own = await call<AccountListResponse>(gateway.url, 'GET', '/api/accounts', { token: admin.token });
    expect(own.status).toBe(200);
    expect(own.body.items.map((a) => a.login)).toEqual(['admin.curieux']);
    const all = await api<AccountListResponse>('GET', '/api/accounts');
    expect(all.body.items.map((a) => a.login)).toEqual(expect.arrayContaining([BOOTSTRAP.login, 'admin.curieux']));
    const boss = all.body.items.find((a) => a.login === BOOTSTRAP.login)!;
    for (const [method, path, body] of [
      ['PATCH', `/api/accounts/${boss.id}`, { disabled: true }],
      ['POST', `/api/accounts/${boss.id}/password-reset`, {}],
      ['POST', '/api/accounts', { login: 'intrus', role: 'super-admin' }],
      ['GET', '/api/accounts/changes', undefined],
    ] as const) {
      const res = await call<ErrorBody>(gateway.url, method, path, { token: admin.token, body });
      expect([path, res.status, res.body.error.code]).toEqual([path, 403, 'auth.forbidden']);
    }
  });

  it('an admin changes their own password: the current one is required, a fresh token comes back, old tokens end', async () => {
    await api('POST', '/api/accounts', { body: { login: 'admin.prudent', password: 'premier mot de passe', role: 'admin' } });
    const first = await logIn(gateway.url, 'admin.prudent', 'premier mot de passe');
    const other = await logIn(gateway.url, 'admin.prudent', 'premier mot de passe');

    const wrong = await call<ErrorBody>(gateway.url, 'POST', '/api/auth/password', {
      token: first.token,
      body: { currentPassword: 'pas le bon mot de passe', newPassword: 'second mot de passe' },
    });
    expect([wrong.status, wrong.body.error.code]).toEqual([400, 'account.wrong-password']);
    const short = await call<ErrorBody>(gateway.url, 'POST', '/api/auth/password', {
      token: first.token,
      body: { currentPassword: 'premier mot de passe', newPassword: 'court' },
    });
    expect([short.status, short.body.error.code]).toEqual([400, 'validation.failed']);
    expect(short.body.error.message).toMatch(/newPassword/);
    expect((await call(gateway.url, 'GET', '/api/auth/me', { token: first.token })).status).toBe(200);

    const ok = await call<LoginResponse>(gateway.url, 'POST', '/api/auth/password', {
      token: first.token,
      body: { currentPassword: 'premier mot de passe', newPassword: 'second mot de passe' },
    });
    expect(ok.status).toBe(200);
    expect((await call(gateway.url, 'GET', '/api/auth/me', { token: ok.body.token })).status).toBe(200);
    expect((await call(gateway.url, 'GET', '/api/auth/me', { token: first.token })).status).toBe(401);
    expect((await call(gateway.url, 'GET', '/api/auth/me', { token: other.token })).status).toBe(401);
    const old = await call(gateway.url, 'POST', '/api/auth/login', { body: { login: 'admin.prudent', password: 'premier mot de passe' }, from: freshIp() });
    expect(old.status).toBe(401);
    await logIn(gateway.url, 'admin.prudent', 'second mot de passe', freshIp());
  });

  it('guessing the current password is rate-limited (429 after 5 failures)', async () => {
    await api('POST', '/api/accounts', { body: { login: 'admin.vole', password: 'mot de passe vole', role: 'admin' } });
    const { token } = await logIn(gateway.url, 'admin.vole', 'mot de passe vole');
    const attempt = (currentPassword: string) =>
      call<ErrorBody>(gateway.url, 'POST', '/api/auth/password', { token, body: { currentPassword, newPassword: 'nouveau mot de passe' } });
    for (let i = 0; i < 5; i++) expect((await attempt(`essai ${i}`)).status).toBe(400);
    const limited = await attempt('mot de passe vole');
    expect([limited.status, limited.body.error.code]).toEqual([429, 'auth.rate-limited']);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('a super-admin resets a password (generated or given): old tokens end, the new password works', async () => {
    const created = await api<AccountWithPassword>('POST', '/api/accounts', {
      body: { login: 'admin.distrait', password: 'mot de passe oublie', role: 'admin' },
    });
    const before = await logIn(gateway.url, 'admin.distrait', 'mot de passe oublie');
    const reset = await api<AccountWithPassword>('POST', `/api/accounts/${created.body.id}/password-reset`);
    expect(reset.status).toBe(200);
    expect(reset.body.generatedPassword).toEqual(expect.any(String));
    expect((await call(gateway.url, 'GET', '/api/auth/me', { token: before.token })).status).toBe(401);
    await logIn(gateway.url, 'admin.distrait', reset.body.generatedPassword!, freshIp());

    const given = await api<AccountWithPassword>('POST', `/api/accounts/${created.body.id}/password-reset`, {
      body: { password: 'mot de passe donne' },
    });
    expect([given.status, given.body.generatedPassword]).toEqual([200, undefined]);
    await logIn(gateway.url, 'admin.distrait', 'mot de passe donne', freshIp());

    const bad = await api<ErrorBody>('POST', `/api/accounts/${created.body.id}/password-reset`, { body: { password: 'court' } });
    expect([bad.status, bad.body.error.code]).toEqual([400, 'validation.failed']);
    const unknown = await api<ErrorBody>('POST', '/api/accounts/0193a2b4-0000-7000-8000-000000000099/password-reset');
    expect([unknown.status, unknown.body.error.code]).toEqual([404, 'account.not-found']);
  });

  it('records who did what, by account id, and nothing of a refused change', async () => {
    const created = await api<AccountWithPassword>('POST', '/api/accounts', { body: { login: 'admin.suivi', role: 'admin' } });
    const id = created.body.id;
    await api('PATCH', `/api/accounts/${id}`, { body: { role: 'super-admin' } });
    await api('PATCH', `/api/accounts/${id}`, { body: { disabled: true } });
    await api('PATCH', `/api/accounts/${id}`, { body: { disabled: false, role: 'admin' } });
    await api('POST', `/api/accounts/${id}/password-reset`);
    const boss = superAdmin.account.id;
    const refused = await api<ErrorBody>('PATCH', `/api/accounts/${boss}`, { body: { role: 'admin' } });
    expect(refused.status).toBe(409);

    const { body, status } = await api<AccountChangeListResponse>('GET', '/api/accounts/changes?limit=500');
    expect(status).toBe(200);
    const mine = body.items.filter((c) => c.accountId === id).reverse();
    expect(mine.map((c) => [c.action, c.role ?? null, c.actorId])).toEqual([
      ['created', 'admin', boss],
      ['role-changed', 'super-admin', boss],
      ['disabled', null, boss],
      ['role-changed', 'admin', boss],
      ['enabled', null, boss],
      ['password-reset', null, boss],
    ]);
    expect(body.items.filter((c) => c.accountId === boss)).toEqual([]);
    const prudent = body.items.filter((c) => c.action === 'password-changed');
    expect(prudent.length).toBeGreaterThan(0);
    expect(prudent.every((c) => c.actorId === c.accountId)).toBe(true);
    expect(JSON.stringify(body)).not.toMatch(/admin\.suivi|mot de passe|scrypt/);
    const badLimit = await api<ErrorBody>('GET', '/api/accounts/changes?limit=0');
    expect(badLimit.status).toBe(400);
  });
});
