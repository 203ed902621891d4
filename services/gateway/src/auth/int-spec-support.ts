import type { LoginResponse } from '@vigie/contracts';
import { request } from 'node:http';
import { AccessTokens, type TokenClaims } from './access-tokens';

/** For the gateway's own integration tests: one secret and first super-admin shared by every file. */
export const TEST_AUTH_SECRET = 'gateway-integration-tests-secret-0123456789';
export const BOOTSTRAP = { login: 'chef.ressourcerie', password: 'un mot de passe de chef' } as const;

export function authEnv(): Record<string, string> {
  return {
    AUTH_SECRET: TEST_AUTH_SECRET,
    ADMIN_BOOTSTRAP_LOGIN: BOOTSTRAP.login,
    ADMIN_BOOTSTRAP_PASSWORD: BOOTSTRAP.password,
  };
}

export interface Answer<T> {
  status: number;
  body: T;
  headers: Record<string, string | string[] | undefined>;
}

export interface CallOptions {
  token?: string;
  body?: unknown;
  /** Local address to connect from (any of 127.0.0.0/8), to act as another client IP. */
  from?: string;
  headers?: Record<string, string>;
}

/** One HTTP call with node:http (fetch cannot choose its local address). */
export function call<T = unknown>(base: string, method: string, path: string, opts: CallOptions = {}): Promise<Answer<T>> {
  const url = new URL(path, base);
  const payload = opts.body === undefined ? undefined : typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method,
        localAddress: opts.from,
        headers: {
          accept: 'application/json',
          ...(payload !== undefined ? { 'content-type': 'application/json' } : {}),
          ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
          ...opts.headers,
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => {
          let body: unknown = text;
          try {
            body = JSON.parse(text);
          } catch {
            // not JSON: keep the text
          }
          resolve({ status: res.statusCode ?? 0, body: body as T, headers: res.headers });
        });
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

export async function logIn(base: string, login: string, password: string, from?: string): Promise<LoginResponse> {
  const res = await call<LoginResponse>(base, 'POST', '/api/auth/login', { body: { login, password }, from });
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** A token signed like the gateway signs them, with any claims (expired, other role, old session version). */
export function mintToken(claims: Partial<TokenClaims> & Pick<TokenClaims, 'sub'>, secret = TEST_AUTH_SECRET): string {
  const now = Math.floor(Date.now() / 1000);
  return new AccessTokens(secret).sign({ role: 'admin', sv: 0, iat: now, exp: now + 900, auth_time: now, ...claims });
}
