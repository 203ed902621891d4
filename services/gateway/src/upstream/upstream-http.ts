import { Logger } from '@nestjs/common';
import { DomainError } from '@vigie/health';
import { z } from 'zod';

/** Refusals of an upstream service that are the caller's business, relayed as they are. */
const RELAYED_STATUSES = new Set([400, 404, 409, 422]);

const ErrorReply = z.object({ error: z.object({ code: z.string().min(1).max(128), message: z.string().max(2000) }) });

export interface UpstreamRequest {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Path under the service's base URL; every dynamic segment must already be encoded. */
  path: string;
  query?: Record<string, string | number | undefined>;
  body?: unknown;
}

export interface TextReply {
  text: string;
  contentType: string | null;
  contentDisposition: string | null;
}

/**
 * HTTP client of one upstream Vigie service (anomaly, monitor, reporting, notification). Its 2xx
 * answers are parsed with the caller's schema; its 400/404/409/422 refusals with an error body are
 * relayed as they are; anything else (no answer within the timeout, not reachable, 5xx, an answer
 * that does not fit the schema) is 502 `upstream.unavailable`, without the upstream's own message.
 */
export class UpstreamHttp {
  private readonly logger: Logger;

  constructor(
    /** The service's name, as the 502 message shows it (`the anomaly service is unavailable`). */
    readonly service: string,
    private readonly baseUrl: string,
    private readonly timeoutMs: number,
  ) {
    this.logger = new Logger(`Upstream:${service}`);
  }

  async json<S extends z.ZodType>(request: UpstreamRequest, reply: S): Promise<z.infer<S>> {
    const { text } = await this.send(request, 'application/json');
    const parsed = reply.safeParse(parseJson(text));
    if (parsed.success) return parsed.data;
    this.logger.warn(`${this.describe(request)}: unexpected answer (${parsed.error.issues.length} issue(s), first at ${parsed.error.issues[0]?.path.join('.') || 'root'})`);
    throw this.unavailable('unexpected answer');
  }

  /** A 2xx with no body expected (e.g. 204). */
  async empty(request: UpstreamRequest): Promise<void> {
    await this.send(request, 'application/json');
  }

  /** A 2xx text answer whose content type is `accept` (anything else is unexpected: 502). */
  async text(request: UpstreamRequest, accept: string): Promise<TextReply> {
    const { res, text } = await this.send(request, accept);
    const contentType = res.headers.get('content-type');
    if (contentType?.split(';')[0].trim().toLowerCase() !== accept) {
      this.logger.warn(`${this.describe(request)}: unexpected content type ${contentType ?? 'none'}`);
      throw this.unavailable('unexpected answer');
    }
    return { text, contentType, contentDisposition: res.headers.get('content-disposition') };
  }

  private async send(request: UpstreamRequest, accept: string): Promise<{ res: Response; text: string }> {
    const method = request.method ?? 'GET';
    let res: Response;
    let text: string;
    try {
      res = await fetch(this.url(request), {
        method,
        headers: { accept, ...(request.body !== undefined ? { 'content-type': 'application/json' } : {}) },
        body: request.body !== undefined ? JSON.stringify(request.body) : undefined,
        redirect: 'manual',
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      text = await res.text();
    } catch (e) {
      const why = (e as Error).name === 'TimeoutError' ? `no answer within ${this.timeoutMs} ms` : 'not reachable';
      this.logger.warn(`${this.describe(request)}: ${why}`);
      throw this.unavailable(why);
    }
    if (res.ok) return { res, text };
    const refusal = ErrorReply.safeParse(parseJson(text));
    if (RELAYED_STATUSES.has(res.status) && refusal.success) {
      throw new DomainError(refusal.data.error.code, refusal.data.error.message, res.status);
    }
    this.logger.warn(`${this.describe(request)}: HTTP ${res.status}`);
    throw this.unavailable(`HTTP ${res.status}`);
  }

  private url(request: UpstreamRequest): string {
    const url = new URL(this.baseUrl + request.path);
    for (const [name, value] of Object.entries(request.query ?? {})) {
      if (value !== undefined) url.searchParams.set(name, String(value));
    }
    return url.toString();
  }

  /** Method and path only: queries and bodies may name sites or registers, never logged. */
  private describe(request: UpstreamRequest): string {
    return `${request.method ?? 'GET'} ${request.path}`;
  }

  private unavailable(why: string): DomainError {
    return new DomainError('upstream.unavailable', `the ${this.service} service is unavailable (${why}); retry later`, 502);
  }
}

function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
