import { Inject, Injectable } from '@nestjs/common';
import type { AnomalyStatus, Severity } from '@vigie/contracts';
import { NOTIFICATION_CONFIG, type NotificationConfig } from '../config';

/** What the bot shows of an anomaly (the anomaly service's `toState()`). */
export interface AnomalySummary {
  anomalyId: string;
  ruleId: string;
  siteId: string;
  severity: Severity;
  status: AnomalyStatus;
  title: string;
  count: number;
  firstSeenAt: string;
  lastSeenAt: string;
}

/** A refusal of the anomaly service (its `{ error: { code, message } }`) or its absence. */
export class AnomalyServiceError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'AnomalyServiceError';
  }
}

const TIMEOUT_MS = 5000;

/** The anomaly service's command and read API (ANOMALY_URL). */
@Injectable()
export class AnomalyClient {
  private readonly base: string;

  constructor(@Inject(NOTIFICATION_CONFIG) config: NotificationConfig) {
    this.base = config.ANOMALY_URL;
  }

  acknowledge(anomalyId: string, by: string): Promise<AnomalySummary> {
    return this.call('POST', `/anomalies/${encodeURIComponent(anomalyId)}/acknowledge`, { by });
  }

  silence(anomalyId: string, by: string, durationMinutes: number): Promise<AnomalySummary> {
    return this.call('POST', `/anomalies/${encodeURIComponent(anomalyId)}/silence`, { by, durationMinutes });
  }

  list(query: { status?: AnomalyStatus; severity?: Severity; ruleId?: string; limit?: number }): Promise<{ items: AnomalySummary[]; total: number }> {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) if (v !== undefined) params.set(k, String(v));
    return this.call('GET', `/anomalies?${params}`);
  }

  private async call<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    let res: Response;
    try {
      res = await fetch(`${this.base}${path}`, {
        method,
        headers: body ? { 'content-type': 'application/json' } : {},
        body: body ? JSON.stringify(body) : undefined,
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch (e) {
      throw new AnomalyServiceError('anomaly-service.unreachable', (e as Error).message);
    }
    const json = (await res.json().catch(() => undefined)) as { error?: { code?: string; message?: string } } | undefined;
    if (!res.ok) {
      throw new AnomalyServiceError(json?.error?.code ?? `http.${res.status}`, json?.error?.message ?? `HTTP ${res.status}`, res.status);
    }
    return json as T;
  }
}
