import {
  LIVE_NAMESPACE,
  type AccountListResponse,
  type AccountView,
  type AnyEvent,
  type LoginResponse,
  type MeResponse,
} from '@vigie/contracts';
import type { RunningService } from '@vigie/health';
import { collectEvents, testEnvironment, type TestEnvironment } from '@vigie/testing';
import { io } from 'socket.io-client';
import { startGateway } from '../app';
import { authEnv, BOOTSTRAP, call, logIn, mintToken, TEST_AUTH_SECRET } from './int-spec-support';
import { Principals } from './principal';

interface ErrorBody {
  error: { code: string; message: string };
}

const principals = new Principals(TEST_AUTH_SECRET);
const claimsOf = (token: string) => JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()) as Record<string, unknown>;
let lastIp = 10;
/** A client IP no other test used: failures from it count for nobody else. */
const freshIp = () => `127.0.0.${++lastIp}`;

describe('accounts, login and sessions', () => {
  let env: TestEnvironment;
  let gateway: RunningService;
  let superToken: string;
  const logged: string[] = [];
  const writes: jest.SpyInstance[] = [];

  const api = <T>(method: string, path: string, opts: Parameters<typeof call>[3] = {}) =>
    call<T>(gateway.url, method, path, { token: superToken, ...opts });

  async function createAccount(login: string, password: string, role: 'admin' | 'super-admin' = 'admin') {
    const res = await api<AccountView>('POST', '/api/accounts', { body: { login, password, role } });
    expect(res.status).toBe(201);
    return res.body;
  }

  async function authEvents(): Promise<AnyEvent[]> {
    return (await collectEvents(env.bus, 'AUTH')).map((f) => f.event);
  }

  async function eventsOf(principal: string, count: number): Promise<AnyEvent[]> {
    const end = Date.now() + 10_000;
    for (;;) {
      const found = (await authEvents()).filter((e) => 'principal' in e.data && e.data.principal === principal);
      if (found.length >= count || Date.now() > end) return found;
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  beforeAll(async () => {
    for (const stream of [process.stdout, process.stderr]) {
      const original = stream.write.bind(stream);
      writes.push(
        jest.spyOn(stream, 'write').mockImplementation(((chunk: string | Uint8Array, ...rest: never[]) => {
          logged.push(String(chunk));
          return original(chunk, ...rest);
        }) as typeof stream.write),
      );
    }
    env = await testEnvironment({ name: 'auth-test' });
    gateway = await startGateway({ ...env.env, ...authEnv(), GATEWAY_PORT: '0', LOG_LEVEL: 'log' });
    superToken = (await logIn(gateway.url, BOOTSTRAP.login, BOOTSTRAP.password)).token;
  });

  afterAll(async () => {
    await gateway?.stop();
    await env?.cleanup();
    for (const w of writes) w.mockRestore();
  });

  it('creates the first super-admin from the environment, logging neither its name nor its password', async () => {
    const { body } = await api<AccountListResponse>('GET', '/api/accounts');
    expect(body.items).toEqual([
      {
        id: expect.any(String),
        login: BOOTSTRAP.login,
        role: 'super-admin',
        disabled: false,
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
      },
    ]);
    const text = logged.join('');
    expect(text).toContain('created the first super-admin account');
    expect(text).not.toContain(BOOTSTRAP.login);
    expect(text).not.toContain(BOOTSTRAP.password);
  });

  it('a later start, even with other bootstrap values, creates no account', async () => {
    const again = await startGateway({
      ...env.env,
      ...authEnv(),
      ADMIN_BOOTSTRAP_LOGIN: 'autre.chef',
      ADMIN_BOOTSTRAP_PASSWORD: 'un autre mot de passe',
      GATEWAY_PORT: '0',
      LOG_LEVEL: 'error',
    });
    try {
      const login = await call<ErrorBody>(again.url, 'POST', '/api/auth/login', {
        body: { login: 'autre.chef', password: 'un autre mot de passe' },
        from: freshIp(),
      });
      expect(login.status).toBe(401);
      const { body } = await api<AccountListResponse>('GET', '/api/accounts');
      expect(body.items.map((a) => a.login)).toEqual([BOOTSTRAP.login]);
    } finally {
      await again.stop();
    }
  });

  it('refuses to boot without an AUTH_SECRET of 32 characters or with half a bootstrap account', async () => {
    const { AUTH_SECRET: _secret, ...withoutSecret } = authEnv();
    await expect(startGateway({ ...env.env, ...withoutSecret, GATEWAY_PORT: '0' })).rejects.toThrow(/AUTH_SECRET: is required/);
    await expect(startGateway({ ...env.env, ...authEnv(), AUTH_SECRET: 'short', GATEWAY_PORT: '0' })).rejects.toThrow(
      /AUTH_SECRET: must be at least 32 characters/,
    );
    await expect(
      startGateway({ ...env.env, AUTH_SECRET: TEST_AUTH_SECRET, ADMIN_BOOTSTRAP_LOGIN: 'x.y.z', GATEWAY_PORT: '0' }),
    ).rejects.toThrow(/ADMIN_BOOTSTRAP_PASSWORD: set ADMIN_BOOTSTRAP_LOGIN and ADMIN_BOOTSTRAP_PASSWORD together/);
    await expect(
      startGateway({ ...env.env, ...authEnv(), ADMIN_BOOTSTRAP_PASSWORD: 'court', GATEWAY_PORT: '0' }),
    ).rejects.toThrow(/ADMIN_BOOTSTRAP_PASSWORD: must be at least 12 characters/);
  });

  it('login answers a 15-minute HS256 token for the account; /me describes it; refresh renews it', async () => {
    const before = Math.floor(Date.now() / 1000);
    const res = await call<LoginResponse>(gateway.url, 'POST', '/api/auth/login', {
      body: { login: '  Chef.Ressourcerie ', password: BOOTSTRAP.password },
    });
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const { token, expiresAt, account } = res.body;
    expect(account).toEqual({ id: expect.any(String), login: BOOTSTRAP.login, role: 'super-admin' });
    const claims = claimsOf(token);
    expect(claims).toMatchObject({ sub: account.id, role: 'super-admin', iss: 'vigie-gateway' });
    expect(claims.exp).toBe((claims.iat as number) + 900);
    expect(claims.iat).toBeGreaterThanOrEqual(before);
    expect(Date.parse(expiresAt)).toBe((claims.exp as number) * 1000);
    expect(JSON.stringify(claims)).not.toContain(BOOTSTRAP.login);

    const me = await call<MeResponse>(gateway.url, 'GET', '/api/auth/me', { token });
    expect(me).toMatchObject({ status: 200, body: { account, expiresAt } });

    await new Promise((r) => setTimeout(r, 1100));
    const refreshed = await call<LoginResponse>(gateway.url, 'POST', '/api/auth/refresh', { token });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.account).toEqual(account);
    expect(Date.parse(refreshed.body.expiresAt)).toBeGreaterThan(Date.parse(expiresAt));
    expect(claimsOf(refreshed.body.token).auth_time).toBe(claims.auth_time);
  });

  it('refresh needs a live token and stops extending a session 12 h after its password login', async () => {
    const { account } = await logIn(gateway.url, BOOTSTRAP.login, BOOTSTRAP.password);
    const now = Math.floor(Date.now() / 1000);
    const expired = mintToken({ sub: account.id, role: 'super-admin', iat: now - 1000, exp: now - 100 });
    const tooOld = mintToken({ sub: account.id, role: 'super-admin', auth_time: now - 12 * 3600 - 1 });
    const fine = mintToken({ sub: account.id, role: 'super-admin', auth_time: now - 11 * 3600 });
    for (const token of [expired, tooOld]) {
      const res = await call<ErrorBody>(gateway.url, 'POST', '/api/auth/refresh', { token });
      expect([res.status, res.body.error.code]).toEqual([401, 'auth.unauthorized']);
    }
    expect((await call(gateway.url, 'POST', '/api/auth/refresh', { token: fine })).status).toBe(200);
  });

  it('a wrong password, an unknown name and a disabled account get one same 401; events carry the principal only', async () => {
    const disabled = await createAccount('compte.suspendu', 'mot de passe suspendu');
    await api('PATCH', `/api/accounts/${disabled.id}`, { body: { disabled: true } });

    const attempts = [
      { login: BOOTSTRAP.login, password: 'pas le bon mot de passe', reason: 'bad-password' },
      { login: 'personne.inconnue', password: 'pas le bon mot de passe', reason: 'unknown-login' },
      { login: 'compte.suspendu', password: 'mot de passe suspendu', reason: 'account-disabled' },
    ];
    const answers = [];
    for (const a of attempts) {
      const body = { login: a.login, password: a.password };
      const res = await call<ErrorBody>(gateway.url, 'POST', '/api/auth/login', { body, from: freshIp() });
      answers.push([res.status, res.body]);
    }
    expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
    expect(answers[0]).toEqual([401, { error: { code: 'auth.invalid-credentials', message: 'invalid login or password' } }]);

    for (const a of attempts) {
      const principal = principals.of(a.login);
      const events = await eventsOf(principal, 1);
      expect(events.at(-1)).toMatchObject({
        type: 'auth.login.failed',
        source: 'gateway',
        siteId: 'global',
        data: { principal, channel: 'web', reason: a.reason },
      });
    }
    const all = JSON.stringify(await authEvents());
    for (const a of attempts) expect(all).not.toContain(a.login);
    expect(all).not.toContain('pas le bon mot de passe');
  });

  it('a successful login publishes auth.login.succeeded with the principal', async () => {
    await createAccount('admin.accueil', 'mot de passe de l’accueil');
    await logIn(gateway.url, 'Admin.Accueil', 'mot de passe de l’accueil');
    const principal = principals.of('admin.accueil');
    expect((await eventsOf(principal, 1)).map((e) => [e.type, e.data])).toEqual([
      ['auth.login.succeeded', { principal, channel: 'web' }],
    ]);
  });

  it('an unknown name costs the same password check as a known one', async () => {
    await createAccount('mesure.temps', 'mot de passe mesure temps');
    const time = async (login: string) => {
      const start = process.hrtime.bigint();
      const res = await call(gateway.url, 'POST', '/api/auth/login', { body: { login, password: 'faux mot de passe !' }, from: freshIp() });
      expect(res.status).toBe(401);
      return Number(process.hrtime.bigint() - start) / 1e6;
    };
    const known: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < 4; i++) {
      known.push(await time('mesure.temps'));
      unknown.push(await time(`inconnu.${i}`));
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[2];
    const ratio = median(unknown) / median(known);
    expect(ratio).toBeGreaterThan(0.5);
    expect(ratio).toBeLessThan(2);
  });

  it('5 failures for one name within 15 min → 429 auth.rate-limited with Retry-After, from any IP, right password included', async () => {
    await createAccount('cible.attaque', 'le vrai mot de passe');
    for (let i = 0; i < 5; i++) {
      const res = await call(gateway.url, 'POST', '/api/auth/login', {
        body: { login: 'cible.attaque', password: `essai ${i} incorrect` },
        from: freshIp(),
      });
      expect(res.status).toBe(401);
    }
    const blocked = await call<ErrorBody>(gateway.url, 'POST', '/api/auth/login', {
      body: { login: 'CIBLE.attaque', password: 'le vrai mot de passe' },
      from: freshIp(),
    });
    expect(blocked.status).toBe(429);
    expect(blocked.body.error.code).toBe('auth.rate-limited');
    const retryAfter = Number(blocked.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(14 * 60);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);

    const principal = principals.of('cible.attaque');
    const events = await eventsOf(principal, 6);
    expect(events.map((e) => e.type === 'auth.login.failed' && e.data.reason)).toEqual([
      'bad-password',
      'bad-password',
      'bad-password',
      'bad-password',
      'bad-password',
      'rate-limited',
    ]);
  });

  it('5 failures from one IP within 15 min → 429 for any name from it, not from elsewhere', async () => {
    const ip = freshIp();
    for (let i = 0; i < 5; i++) {
      const res = await call(gateway.url, 'POST', '/api/auth/login', { body: { login: `spray.${i}`, password: 'x' }, from: ip });
      expect(res.status).toBe(401);
    }
    const fromSameIp = await call<ErrorBody>(gateway.url, 'POST', '/api/auth/login', {
      body: { login: BOOTSTRAP.login, password: BOOTSTRAP.password },
      from: ip,
    });
    expect([fromSameIp.status, fromSameIp.body.error.code]).toEqual([429, 'auth.rate-limited']);
    expect(Number(fromSameIp.headers['retry-after'])).toBeGreaterThan(0);
    await logIn(gateway.url, BOOTSTRAP.login, BOOTSTRAP.password, freshIp());
  });

  it('ignores X-Forwarded-For unless GATEWAY_TRUST_PROXY names the proxy', async () => {
    const ip = freshIp();
    for (let i = 0; i < 5; i++) {
      const headers = { 'x-forwarded-for': `203.0.113.${i}` };
      await call(gateway.url, 'POST', '/api/auth/login', { body: { login: `xff.${i}`, password: 'x' }, from: ip, headers });
    }
    const spoofed = await call(gateway.url, 'POST', '/api/auth/login', {
      body: { login: 'xff.last', password: 'x' },
      from: ip,
      headers: { 'x-forwarded-for': '203.0.113.99' },
    });
    expect(spoofed.status).toBe(429);

    const proxied = await startGateway({ ...env.env, ...authEnv(), GATEWAY_PORT: '0', LOG_LEVEL: 'error', GATEWAY_TRUST_PROXY: 'loopback' });
    try {
      const behind = (client: string, login: string) =>
        call(proxied.url, 'POST', '/api/auth/login', {
          body: { login, password: 'x' },
          headers: { 'x-forwarded-for': client },
        });
      for (let i = 0; i < 5; i++) expect((await behind('198.51.100.7', `proxied.${i}`)).status).toBe(401);
      expect((await behind('198.51.100.7', 'proxied.last')).status).toBe(429);
      expect((await behind('198.51.100.8', 'proxied.last')).status).toBe(401);
    } finally {
      await proxied.stop();
    }
    await expect(startGateway({ ...env.env, ...authEnv(), GATEWAY_PORT: '0', GATEWAY_TRUST_PROXY: 'true' })).rejects.toThrow(
      /GATEWAY_TRUST_PROXY: name the proxies/,
    );
  });

  it('a malformed login body is a 400 that names the fields, never a 500', async () => {
    const res = await call<ErrorBody>(gateway.url, 'POST', '/api/auth/login', { body: { login: 3 }, from: freshIp() });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation.failed');
    expect(res.body.error.message).toMatch(/login.*password/);
  });

  describe('account administration (super-admin)', () => {
    it('creates an admin who can log in; refuses a taken name, a short password, a bad name or role', async () => {
      const created = await createAccount('Nouvel.Admin', 'mot de passe nouvel admin');
      expect(created).toEqual({
        id: expect.any(String),
        login: 'nouvel.admin',
        role: 'admin',
        disabled: false,
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
      });
      expect(JSON.stringify(created)).not.toMatch(/hash|scrypt/i);
      expect((await logIn(gateway.url, 'nouvel.admin', 'mot de passe nouvel admin')).account.role).toBe('admin');

      const taken = await api<ErrorBody>('POST', '/api/accounts', {
        body: { login: 'NOUVEL.admin', password: 'un autre mot de passe', role: 'admin' },
      });
      expect([taken.status, taken.body.error.code]).toEqual([409, 'account.login-taken']);
      const bad = await api<ErrorBody>('POST', '/api/accounts', {
        body: { login: 'a b', password: 'court', role: 'user' },
      });
      expect([bad.status, bad.body.error.code]).toEqual([400, 'validation.failed']);
      expect(bad.body.error.message).toMatch(/login.*password.*role/);
    });

    it('disabling an account revokes its tokens and closes its live connection; enabling lets it log in again', async () => {
      const account = await createAccount('admin.temporaire', 'mot de passe temporaire');
      const { token } = await logIn(gateway.url, 'admin.temporaire', 'mot de passe temporaire');
      const socket = io(gateway.url + LIVE_NAMESPACE, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
      try {
        await new Promise<void>((resolve, reject) => {
          socket.once('connect', () => resolve());
          socket.once('connect_error', reject);
        });
        const closed = new Promise<string>((resolve) => socket.once('disconnect', resolve));

        const res = await api<AccountView>('PATCH', `/api/accounts/${account.id}`, { body: { disabled: true } });
        expect([res.status, res.body.disabled]).toEqual([200, true]);
        expect(await closed).toBe('io server disconnect');
        const refused = await call<ErrorBody>(gateway.url, 'GET', '/api/anomalies', { token });
        expect([refused.status, refused.body.error.code]).toEqual([401, 'auth.unauthorized']);
        const login = await call(gateway.url, 'POST', '/api/auth/login', {
          body: { login: 'admin.temporaire', password: 'mot de passe temporaire' },
          from: freshIp(),
        });
        expect(login.status).toBe(401);
      } finally {
        socket.close();
      }
      await api('PATCH', `/api/accounts/${account.id}`, { body: { disabled: false } });
      await logIn(gateway.url, 'admin.temporaire', 'mot de passe temporaire', freshIp());
    });

    it('a password change revokes the old tokens; only the new password works', async () => {
      const account = await createAccount('admin.oublieux', 'ancien mot de passe');
      const { token } = await logIn(gateway.url, 'admin.oublieux', 'ancien mot de passe');
      const res = await api('PATCH', `/api/accounts/${account.id}`, { body: { password: 'nouveau mot de passe' } });
      expect(res.status).toBe(200);
      expect((await call(gateway.url, 'GET', '/api/auth/me', { token })).status).toBe(401);
      const old = await call(gateway.url, 'POST', '/api/auth/login', {
        body: { login: 'admin.oublieux', password: 'ancien mot de passe' },
        from: freshIp(),
      });
      expect(old.status).toBe(401);
      await logIn(gateway.url, 'admin.oublieux', 'nouveau mot de passe');
    });

    it('a role change applies at once: a promoted admin administers accounts with a new token', async () => {
      const account = await createAccount('futur.super', 'mot de passe futur super');
      const before = await logIn(gateway.url, 'futur.super', 'mot de passe futur super');
      expect((await call(gateway.url, 'GET', '/api/accounts/changes', { token: before.token })).status).toBe(403);
      const res = await api<AccountView>('PATCH', `/api/accounts/${account.id}`, { body: { role: 'super-admin' } });
      expect(res.body.role).toBe('super-admin');
      expect((await call(gateway.url, 'GET', '/api/accounts/changes', { token: before.token })).status).toBe(401);
      const after = await logIn(gateway.url, 'futur.super', 'mot de passe futur super');
      expect((await call(gateway.url, 'GET', '/api/accounts/changes', { token: after.token })).status).toBe(200);
      await call(gateway.url, 'PATCH', `/api/accounts/${account.id}`, { token: after.token, body: { role: 'admin' } });
    });

    it('refuses to demote or disable the last enabled super-admin, and says so', async () => {
      const { body } = await api<AccountListResponse>('GET', '/api/accounts');
      const supers = body.items.filter((a) => a.role === 'super-admin' && !a.disabled);
      expect(supers.map((a) => a.login)).toEqual([BOOTSTRAP.login]);
      for (const change of [{ role: 'admin' }, { disabled: true }]) {
        const res = await api<ErrorBody>('PATCH', `/api/accounts/${supers[0].id}`, { body: change });
        expect([res.status, res.body.error.code]).toEqual([409, 'account.last-super-admin']);
      }
      expect((await api('GET', '/api/auth/me')).status).toBe(200);
    });

    it('PATCH of an unknown account → 404; of nothing → 400', async () => {
      const unknown = await api<ErrorBody>('PATCH', '/api/accounts/0193a2b4-0000-7000-8000-000000000099', {
        body: { disabled: true },
      });
      expect([unknown.status, unknown.body.error.code]).toEqual([404, 'account.not-found']);
      const { body } = await api<AccountListResponse>('GET', '/api/accounts');
      const empty = await api<ErrorBody>('PATCH', `/api/accounts/${body.items[0].id}`, { body: {} });
      expect([empty.status, empty.body.error.code]).toEqual([400, 'validation.failed']);
    });
  });
});
