import { Logger } from '@nestjs/common';
import { DomainError } from '@vigie/health';
import type { ReplayRequest } from '@vigie/contracts';
import { z } from 'zod';

/** Refusals of the anomaly service relayed as they are (bad range or rule, unknown rule, busy). */
const RELAYED = new Set([400, 404, 409]);
const ErrorReply = z.object({ error: z.object({ code: z.string().min(1).max(128), message: z.string().max(2000) }) });

/** A replay reads whole streams: far longer than the other calls to the anomaly service. */
export const REPLAY_TIMEOUT_MS = 30 * 60_000;

/**
 * `POST /replays` on the anomaly service. Answers the upstream's 200 response as it streams (JSON, or
 * NDJSON progress lines), so the caller can pipe it; its refusals become the same DomainError.
 */
export class AnomalyReplaysClient {
  private readonly logger = new Logger(AnomalyReplaysClient.name);

  constructor(private readonly baseUrl: string) {}

  async start(body: ReplayRequest, accept: 'application/json' | 'application/x-ndjson', cancel: AbortSignal): Promise<Response> {
    let res: Response;
    try {
      res = await fetch(`${this.baseUrl}/replays`, {
        method: 'POST',
        headers: { accept, 'content-type': 'application/json' },
        body: JSON.stringify(body),
        redirect: 'manual',
        signal: AbortSignal.any([cancel, AbortSignal.timeout(REPLAY_TIMEOUT_MS)]),
      });
    } catch (e) {
      this.logger.warn(`POST /replays: not reachable (${(e as Error).name})`);
      throw unavailable('not reachable');
    }
    if (res.ok) return res;
    const text = await res.text().catch(() => '');
    let parsed: z.ZodSafeParseResult<z.infer<typeof ErrorReply>> | undefined;
    try {
      parsed = ErrorReply.safeParse(JSON.parse(text));
    } catch {
      parsed = undefined;
    }
    if (RELAYED.has(res.status) && parsed?.success) throw new DomainError(parsed.data.error.code, parsed.data.error.message, res.status);
    this.logger.warn(`POST /replays: HTTP ${res.status}`);
    throw unavailable(`HTTP ${res.status}`);
  }
}

function unavailable(why: string): DomainError {
  return new DomainError('upstream.unavailable', `the anomaly service is unavailable (${why}); retry later`, 502);
}
