import { Logger } from '@nestjs/common';
import {
  AnomalyStatus,
  type AcknowledgeAnomalyCommand,
  type AnomalyAction,
  type AnomalyActionResponse,
  type SilenceAnomalyCommand,
} from '@vigie/contracts';
import { DomainError } from '@vigie/health';
import { z } from 'zod';

/** Refusals of the anomaly service that are the caller's business, relayed as they are. */
const RELAYED_STATUSES = new Set([400, 404, 409, 422]);

const ErrorReply = z.object({ error: z.object({ code: z.string().min(1).max(128), message: z.string().max(2000) }) });
const StateReply = z.object({ anomalyId: z.string().min(1), status: AnomalyStatus });

export type AnomalyCommandBody = AcknowledgeAnomalyCommand | SilenceAnomalyCommand;

const unavailable = (why: string) =>
  new DomainError('upstream.unavailable', `the anomaly service is unavailable (${why}); retry later`, 502);

/** HTTP client of the anomaly service's command endpoints (`POST /anomalies/:id/<action>`). */
export class AnomalyServiceClient {
  private readonly logger = new Logger(AnomalyServiceClient.name);

  constructor(
    private readonly baseUrl: string,
    private readonly timeoutMs: number,
  ) {}

  /** Its answer, its 400/404/409/422 refusals relayed, anything else 502 `upstream.unavailable`. */
  async act(anomalyId: string, action: AnomalyAction, body: AnomalyCommandBody): Promise<AnomalyActionResponse> {
    const url = `${this.baseUrl}/anomalies/${encodeURIComponent(anomalyId)}/${action}`;
    let res: Response;
    let text: string;
    try {
      res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      text = await res.text();
    } catch (e) {
      const why = (e as Error).name === 'TimeoutError' ? `no answer within ${this.timeoutMs} ms` : 'not reachable';
      this.logger.warn(`POST ${action} of ${anomalyId}: ${why} (${(e as Error).message})`);
      throw unavailable(why);
    }
    const json = parseJson(text);
    if (res.ok) {
      const state = StateReply.safeParse(json);
      if (state.success) return { anomalyId: state.data.anomalyId, status: state.data.status };
      throw unavailable('unexpected answer');
    }
    const refusal = ErrorReply.safeParse(json);
    if (RELAYED_STATUSES.has(res.status) && refusal.success) {
      throw new DomainError(refusal.data.error.code, refusal.data.error.message, res.status);
    }
    this.logger.warn(`POST ${action} of ${anomalyId}: HTTP ${res.status}`);
    throw unavailable(`HTTP ${res.status}`);
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
