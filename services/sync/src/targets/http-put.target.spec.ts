import { LocalDavServer } from '../testing/local-dav-server';
import { httpFailure, httpPutTargetKind, networkFailure, type HttpPutOptions } from './http-put.target';
import { TargetError, type ExportBatch } from './target';

const batch = (fileName = 'compta-20261130T091200Z-run-1.csv'): ExportBatch => ({
  runId: 'run-1',
  target: 'compta',
  fileName,
  contentType: 'text/csv; charset=utf-8',
  body: new TextEncoder().encode('site,ventes\r\nsite-1,12\r\n'),
  itemCount: 1,
});

const options = (raw: unknown, env: Record<string, string> = {}): HttpPutOptions => httpPutTargetKind.options(env).parse(raw);
const never = () => new AbortController().signal;

async function failureOf(work: Promise<unknown>): Promise<TargetError> {
  const e = await work.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(TargetError);
  return e as TargetError;
}

describe('http-put target against a local stand-in WebDAV server', () => {
  let dav: LocalDavServer;

  beforeEach(async () => {
    dav = await LocalDavServer.start();
  });
  afterEach(() => dav.close());

  it('PUTs the CSV under its file name into a collection URL, with basic auth from the environment', async () => {
    const target = httpPutTargetKind.create(
      'compta',
      options({ url: `${dav.url}/dav/exports/`, auth: { type: 'basic', username: 'vigie', passwordEnv: 'DAV_PASSWORD' } }, { DAV_PASSWORD: 's3cr3t:é' }),
    );
    expect(await target.export(batch(), never())).toEqual({ itemCount: 1 });
    expect(dav.requests).toHaveLength(1);
    const [req] = dav.requests;
    expect(req).toMatchObject({ method: 'PUT', path: '/dav/exports/compta-20261130T091200Z-run-1.csv', body: 'site,ventes\r\nsite-1,12\r\n' });
    expect(req.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(req.headers.authorization).toBe(`Basic ${Buffer.from('vigie:s3cr3t:é').toString('base64')}`);
  });

  it('sends a bearer token, and PUTs to the URL itself when it is not a collection', async () => {
    const target = httpPutTargetKind.create(
      'drive',
      options({ url: `${dav.url}/latest.csv`, auth: { type: 'bearer', tokenEnv: 'DRIVE_TOKEN' } }, { DRIVE_TOKEN: 'tok-123' }),
    );
    await target.export(batch(), never());
    expect(dav.requests[0]).toMatchObject({ path: '/latest.csv', headers: expect.objectContaining({ authorization: 'Bearer tok-123' }) });
  });

  it('names each refusal with a stable code, and says which ones a retry cannot fix', async () => {
    const target = httpPutTargetKind.create('t', options({ url: `${dav.url}/` }));
    const cases: [number, string, boolean][] = [
      [401, 'sync.http-401', false],
      [403, 'sync.http-403', false],
      [404, 'sync.http-4xx', false],
      [429, 'sync.http-4xx', true],
      [503, 'sync.http-5xx', true],
      [500, 'sync.http-5xx', true],
      [507, 'sync.quota-exceeded', true],
      [302, 'sync.http-redirect', false],
    ];
    for (const [status, code, retryable] of cases) {
      dav.script(status);
      const e = await failureOf(target.export(batch(), never()));
      expect({ status, code: e.code, retryable: e.retryable }).toEqual({ status, code, retryable });
      expect(e.message).toContain(`PUT answered ${status}`);
    }
    expect(dav.files.size).toBe(0);
  });

  it('never puts the credential in an error', async () => {
    const guarded = await LocalDavServer.start({ authorization: 'Bearer the-right-one' });
    try {
      const target = httpPutTargetKind.create('t', options({ url: `${guarded.url}/`, auth: { type: 'bearer', tokenEnv: 'T' } }, { T: 'wrong-token-xyz' }));
      const e = await failureOf(target.export(batch(), never()));
      expect(e.code).toBe('sync.http-401');
      expect(JSON.stringify({ message: e.message, stack: e.stack })).not.toContain('wrong-token-xyz');
    } finally {
      await guarded.close();
    }
  });

  it('reports a server that does not listen as a network failure', async () => {
    const url = `${dav.url}/`;
    await dav.close();
    dav = await LocalDavServer.start();
    const target = httpPutTargetKind.create('t', options({ url }));
    const e = await failureOf(target.export(batch(), never()));
    expect(e).toMatchObject({ code: 'sync.network', retryable: true });
    expect(e.message).toContain('ECONNREFUSED');
  });

  it('gives up on a hanging server when its signal aborts, with the signal reason', async () => {
    dav.answer = 'hang';
    const target = httpPutTargetKind.create('t', options({ url: `${dav.url}/` }));
    const controller = new AbortController();
    const reason = new Error('attempt timed out');
    const pending = target.export(batch(), controller.signal);
    await new Promise((r) => setTimeout(r, 50));
    controller.abort(reason);
    await expect(pending).rejects.toBe(reason);
  });
});

describe('http-put options', () => {
  it('resolves secret references from the environment and keeps them out of JSON', () => {
    const parsed = options({ url: 'https://dav.example.org/exports/', auth: { type: 'basic', username: 'u', passwordEnv: 'P' } }, { P: 'pw-value' });
    expect(JSON.stringify(parsed)).not.toContain('pw-value');
    expect(parsed.auth?.type === 'basic' && parsed.auth.password.reveal()).toBe('pw-value');
  });

  it('refuses a missing secret, credentials inside the URL, other protocols and unknown fields', () => {
    const issues = (raw: unknown, env: Record<string, string> = {}) => {
      const r = httpPutTargetKind.options(env).safeParse(raw);
      return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    };
    expect(issues({ url: 'https://x.org/', auth: { type: 'bearer', tokenEnv: 'MISSING_TOKEN' } })).toEqual([
      'auth.tokenEnv: environment variable MISSING_TOKEN is not set',
    ]);
    expect(issues({ url: 'https://user:pw@x.org/' })[0]).toContain('must not hold credentials');
    expect(issues({ url: 'ftp://x.org/' })[0]).toContain('http(s)');
    expect(issues({ url: 'not a url' })[0]).toContain('absolute http(s) URL');
    expect(issues({ url: 'https://x.org/', auth: { type: 'bearer', tokenEnv: 'lower-case' } })[0]).toContain('auth.tokenEnv');
    expect(issues({ url: 'https://x.org/', password: 'inline' })).toHaveLength(1);
  });
});

describe('failure classification', () => {
  it('maps socket and TLS causes of a failed fetch', () => {
    const fetchError = (code: string) => Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error(code), { code }) });
    expect(networkFailure(fetchError('ENOTFOUND'))).toMatchObject({ code: 'sync.network', retryable: true });
    expect(networkFailure(fetchError('UND_ERR_CONNECT_TIMEOUT'))).toMatchObject({ code: 'sync.timeout' });
    expect(networkFailure(fetchError('CERT_HAS_EXPIRED'))).toMatchObject({ code: 'sync.tls', retryable: false });
    expect(networkFailure(new TypeError('fetch failed'))).toMatchObject({ code: 'sync.network' });
  });

  it('keeps the status text in the message', () => {
    expect(httpFailure(503, 'Service Unavailable').message).toBe('PUT answered 503 Service Unavailable');
  });
});
