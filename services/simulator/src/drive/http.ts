import { sleep } from '../plan/sim-clock';

/** A refusal or failure of one of the services, with its `{ error: { code, message } }` when it sent one. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** JSON over HTTP: the answer's body, or an ApiError (status 0 when the service did not answer). */
export async function call<T>(method: string, url: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
  let res: Response;
  try {
    res = await fetch(url, {
      method,
      headers: { accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(60_000),
    });
  } catch (e) {
    const cause = (e as { cause?: { code?: string } }).cause?.code;
    throw new ApiError(0, 'unreachable', `${method} ${url}: no answer (${cause ?? (e as Error).name})`);
  }
  const text = await res.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  if (!res.ok) {
    const error = (json as { error?: { code?: string; message?: string } } | undefined)?.error;
    const what = `${method} ${new URL(url).pathname} → ${res.status} ${error?.message ?? text.slice(0, 200)}`;
    throw new ApiError(res.status, error?.code ?? `http-${res.status}`, what);
  }
  return json as T;
}

/** Polls `<baseUrl>/health/ready` until it answers 200; false after `timeoutMs` or when aborted. */
export async function waitReady(baseUrl: string, timeoutMs: number, signal?: AbortSignal): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const res = await fetch(`${baseUrl}/health/ready`, { signal: AbortSignal.timeout(2000) });
      await res.body?.cancel();
      if (res.ok) return true;
    } catch {
      // not up yet
    }
    if (signal?.aborted || Date.now() >= deadline) return false;
    await sleep(Math.min(500, Math.max(0, deadline - Date.now())), signal);
  }
}
