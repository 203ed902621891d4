import type { LoginResponse } from '@vigie/contracts';

/** What every end-to-end gateway is started with: a signing secret and the first super-admin. */
export const ADMIN = { login: 'admin', password: 'mot de passe e2e solide' } as const;

export function gatewayAuthEnv(): Record<string, string> {
  return {
    AUTH_SECRET: 'e2e-secret-0123456789abcdef0123456789abcdef',
    ADMIN_BOOTSTRAP_LOGIN: ADMIN.login,
    ADMIN_BOOTSTRAP_PASSWORD: ADMIN.password,
  };
}

export async function request<T = unknown>(
  base: string,
  method: string,
  path: string,
  opts: { body?: unknown; token?: string } = {},
): Promise<{ status: number; body: T }> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: {
      ...(opts.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
    },
    body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
}

/** POST that must succeed (2xx); returns the JSON body. */
export async function post<T = Record<string, unknown>>(base: string, path: string, body: unknown, token?: string): Promise<T> {
  const res = await request<T>(base, 'POST', path, { body, token });
  if (res.status >= 300) throw new Error(`${path}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

export async function logIn(gatewayUrl: string, login: string = ADMIN.login, password: string = ADMIN.password): Promise<LoginResponse> {
  return post<LoginResponse>(gatewayUrl, '/api/auth/login', { login, password });
}

export async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 15000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
