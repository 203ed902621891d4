import type { Env } from '@vigie/config';
import { z } from 'zod';
import { Secret } from '../domain/secret';
import { TargetError, type ExportBatch, type ExportResult, type SyncTarget, type TargetKind } from './target';

export type HttpAuth = { type: 'basic'; username: string; password: Secret } | { type: 'bearer'; token: Secret };

export interface HttpPutOptions {
  /** Ending in `/`: a WebDAV collection, each run PUTs `<url><fileName>`. Otherwise the run overwrites this one resource. */
  url: string;
  auth?: HttpAuth;
}

const EnvName = z.string().regex(/^[A-Z_][A-Z0-9_]{0,127}$/, 'must be the name of an environment variable');

const HttpUrl = z.string().superRefine((value, ctx) => {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    ctx.addIssue({ code: 'custom', message: 'must be an absolute http(s) URL' });
    return;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') ctx.addIssue({ code: 'custom', message: 'must be an http(s) URL' });
  // A password inside the URL would be shown wherever the URL is; `auth` keeps it out of sight.
  if (url.username || url.password) ctx.addIssue({ code: 'custom', message: 'must not hold credentials: use "auth"' });
});

const AuthReference = z.discriminatedUnion('type', [
  z.object({ type: z.literal('basic'), username: z.string().min(1).max(256), passwordEnv: EnvName }).strict(),
  z.object({ type: z.literal('bearer'), tokenEnv: EnvName }).strict(),
]);

function optionsSchema(env: Env): z.ZodType<HttpPutOptions> {
  return z
    .object({ url: HttpUrl, auth: AuthReference.optional() })
    .strict()
    .transform((raw, ctx): HttpPutOptions => {
      if (!raw.auth) return { url: raw.url };
      const key = raw.auth.type === 'basic' ? 'passwordEnv' : 'tokenEnv';
      const name = raw.auth.type === 'basic' ? raw.auth.passwordEnv : raw.auth.tokenEnv;
      const value = env[name];
      if (value === undefined || value === '') {
        ctx.addIssue({ code: 'custom', path: ['auth', key], message: `environment variable ${name} is not set` });
        return z.NEVER;
      }
      const auth: HttpAuth =
        raw.auth.type === 'basic'
          ? { type: 'basic', username: raw.auth.username, password: new Secret(value) }
          : { type: 'bearer', token: new Secret(value) };
      return { url: raw.url, auth };
    });
}

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
  'ETIMEDOUT',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
]);

/** The failure of a PUT that got an answer other than 2xx. */
export function httpFailure(status: number, statusText = ''): TargetError {
  const message = `PUT answered ${status}${statusText ? ` ${statusText}` : ''}`;
  if (status === 401) return new TargetError('sync.http-401', `${message}: credentials refused`, { retryable: false });
  if (status === 403) return new TargetError('sync.http-403', `${message}: access forbidden`, { retryable: false });
  // WebDAV's 507 Insufficient Storage (RFC 4918 §11.5): the account's quota is used up.
  if (status === 507) return new TargetError('sync.quota-exceeded', `${message}: no space left on the server`);
  if (status >= 500) return new TargetError('sync.http-5xx', message);
  if (status === 408 || status === 429) return new TargetError('sync.http-4xx', message);
  if (status >= 400) return new TargetError('sync.http-4xx', message, { retryable: false });
  if (status >= 300) return new TargetError('sync.http-redirect', `${message}: redirects are not followed`, { retryable: false });
  return new TargetError('sync.http-unexpected', message, { retryable: false });
}

/** The failure of a PUT that got no answer: fetch's TypeError carries the socket error as `cause`. */
export function networkFailure(error: unknown): TargetError {
  const cause = (error as { cause?: { code?: unknown } })?.cause;
  const code = typeof cause?.code === 'string' ? cause.code : undefined;
  if (code === 'UND_ERR_CONNECT_TIMEOUT') return new TargetError('sync.timeout', 'could not connect in time');
  if (code && (code.startsWith('ERR_TLS') || code.includes('CERT') || code.startsWith('UNABLE_TO_'))) {
    return new TargetError('sync.tls', `TLS handshake refused (${code})`, { retryable: false });
  }
  if (code && NETWORK_CODES.has(code)) return new TargetError('sync.network', `network error (${code})`);
  return new TargetError('sync.network', `network error (${code ?? (error as Error)?.message ?? 'unknown'})`);
}

class HttpPutTarget implements SyncTarget {
  readonly kind = 'http-put';

  constructor(
    readonly name: string,
    private readonly options: HttpPutOptions,
  ) {}

  async export(batch: ExportBatch, signal: AbortSignal): Promise<ExportResult> {
    const url = this.options.url.endsWith('/') ? new URL(encodeURIComponent(batch.fileName), this.options.url) : this.options.url;
    const headers: Record<string, string> = { 'content-type': batch.contentType };
    const auth = this.options.auth;
    if (auth?.type === 'basic') {
      headers.authorization = `Basic ${Buffer.from(`${auth.username}:${auth.password.reveal()}`).toString('base64')}`;
    } else if (auth?.type === 'bearer') {
      headers.authorization = `Bearer ${auth.token.reveal()}`;
    }
    let res: Response;
    try {
      // Redirects are refused: following one would send the credentials and the data elsewhere.
      res = await fetch(url, { method: 'PUT', headers, body: batch.body, signal, redirect: 'manual' });
    } catch (e) {
      if (signal.aborted) throw signal.reason;
      throw networkFailure(e);
    }
    await res.body?.cancel().catch(() => undefined);
    if (res.status >= 200 && res.status < 300) return { itemCount: batch.itemCount };
    throw httpFailure(res.status, res.statusText);
  }
}

/** PUT of the CSV to an HTTP(S) URL or WebDAV collection, with optional basic or bearer auth. */
export const httpPutTargetKind: TargetKind<HttpPutOptions> = {
  kind: 'http-put',
  options: optionsSchema,
  create: (name, options) => new HttpPutTarget(name, options),
};
