import { request } from 'node:http';

export interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

/**
 * One HTTP request sent as given: the path is not normalised or re-encoded (fetch would fix `%ZZ` or
 * refuse some bytes), the body goes out byte for byte.
 */
export function rawRequest(
  baseUrl: string,
  method: string,
  path: string,
  opts: { headers?: Record<string, string>; body?: string | Uint8Array; timeoutMs?: number } = {},
): Promise<RawAnswer> {
  const base = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: base.hostname,
        port: base.port,
        method,
        path,
        headers: { ...(opts.body !== undefined ? { 'content-length': String(Buffer.byteLength(opts.body)) } : {}), ...opts.headers },
        // Generous: password hashing on a loaded 2-core machine takes seconds.
        timeout: opts.timeoutMs ?? 30_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`${method} ${path.slice(0, 80)}: no answer in time`)));
    req.on('error', reject);
    if (opts.body !== undefined) req.write(opts.body);
    req.end();
  });
}

/** The `{ error: { code, message } }` of an answer, or why it is not one. */
export function errorShape(answer: RawAnswer): { ok: true; code: string } | { ok: false; why: string } {
  try {
    const body = JSON.parse(answer.text) as { error?: { code?: unknown; message?: unknown } };
    if (typeof body?.error?.code === 'string' && body.error.code && typeof body.error.message === 'string' && body.error.message) {
      return { ok: true, code: body.error.code };
    }
    return { ok: false, why: `no {error:{code,message}}: ${answer.text.slice(0, 160)}` };
  } catch {
    return { ok: false, why: `not JSON: ${answer.text.slice(0, 160)}` };
  }
}
