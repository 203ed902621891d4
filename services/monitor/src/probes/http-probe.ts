import type { ProbeOutcome } from '../domain/target-status';

export interface ProbeOptions {
  timeoutMs: number;
  /** Pause before the one retry of a failed probe. */
  retryDelayMs: number;
  /** Aborts the probe (and its retry) at shutdown. */
  signal?: AbortSignal;
}

/** A /health/ready body bigger than this is not ours: it is not read. */
const MAX_BODY_BYTES = 64 * 1024;
const CHECK_NAME = /^[A-Za-z0-9_.:-]{1,64}$/;

export function readyUrl(baseUrl: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/health/ready`;
}

/**
 * `GET <base>/health/ready`, retried once after a short pause when it fails, so a single dropped
 * connection (a restart, a stale keep-alive socket) is not reported as a failed probe.
 */
export async function probeTarget(baseUrl: string, options: ProbeOptions): Promise<ProbeOutcome> {
  const first = await probeOnce(readyUrl(baseUrl), options);
  if (first.ok || options.signal?.aborted) return first;
  await pause(options.retryDelayMs, options.signal);
  return probeOnce(readyUrl(baseUrl), options);
}

export async function probeOnce(url: string, options: Pick<ProbeOptions, 'timeoutMs' | 'signal'>): Promise<ProbeOutcome> {
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = options.signal ? AbortSignal.any([timeout, options.signal]) : timeout;
  const started = performance.now();
  const latency = () => Math.round(performance.now() - started);
  try {
    const res = await fetch(url, { signal, redirect: 'manual', headers: { accept: 'application/json' } });
    const body = await readSmallBody(res);
    if (res.ok) return { ok: true, status: res.status, latencyMs: latency() };
    return { ok: false, status: res.status, latencyMs: latency(), error: httpError(res.status, body) };
  } catch (e) {
    const latencyMs = latency();
    if (timeout.aborted) return { ok: false, latencyMs, error: `timeout: no answer within ${options.timeoutMs} ms` };
    if (options.signal?.aborted) return { ok: false, latencyMs, error: 'aborted' };
    return { ok: false, latencyMs, error: networkError(e) };
  }
}

async function readSmallBody(res: Response): Promise<string> {
  const length = Number(res.headers.get('content-length') ?? 0);
  if (length > MAX_BODY_BYTES) {
    await res.body?.cancel();
    return '';
  }
  const text = await res.text();
  return text.length > MAX_BODY_BYTES ? '' : text;
}

/** `http 503 (failing: consumer:telegram-bot-api, postgres)`: the names of terminus's failed checks, not their messages. */
function httpError(status: number, body: string): string {
  let failing: string[] = [];
  try {
    const parsed = JSON.parse(body) as { error?: unknown };
    if (parsed.error && typeof parsed.error === 'object') failing = Object.keys(parsed.error).filter((k) => CHECK_NAME.test(k));
  } catch {
    // Not terminus JSON (a proxy's error page...): the status alone says enough.
  }
  if (failing.length === 0) return `http ${status}`;
  const shown = failing.slice(0, 5).join(', ');
  return `http ${status} (failing: ${shown}${failing.length > 5 ? ', …' : ''})`;
}

/** undici hides the system error in `cause`; its code (ECONNREFUSED, ENOTFOUND…) is what an operator needs. */
function networkError(e: unknown): string {
  const cause = (e as { cause?: { code?: unknown; message?: unknown } }).cause;
  if (typeof cause?.code === 'string') return `network ${cause.code}`;
  const message = typeof cause?.message === 'string' ? cause.message : (e as Error).message;
  return `network: ${String(message).slice(0, 200)}`;
}

function pause(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
  });
}
