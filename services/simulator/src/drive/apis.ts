import type { AnyEvent, DepositCategory, PaymentMethod } from '@vigie/contracts';
import { call } from './http';

const iso = (ms: number) => new Date(ms).toISOString();

/** The cash service: sessions, sales, closings, dated by the simulation (`at`). */
export class CashApi {
  constructor(readonly url: string) {}

  open(body: { siteId: string; registerId: string; operatorId: string; openingAmount: number }, at: number) {
    return call<{ sessionId: string }>('POST', `${this.url}/sessions`, { ...body, at: iso(at) });
  }

  sale(sessionId: string, body: { amount: number; paymentMethod: PaymentMethod; itemCount: number }, at: number) {
    return call<{ saleId: string }>('POST', `${this.url}/sessions/${sessionId}/sales`, { ...body, at: iso(at) });
  }

  close(sessionId: string, body: { countedCash: number; comment?: string }, at: number) {
    return call<{ variance: number }>('POST', `${this.url}/sessions/${sessionId}/close`, { ...body, at: iso(at) });
  }
}

export interface Classification {
  classificationId: string;
  category: DepositCategory;
  confidence: number;
  model: string;
  fallback: boolean;
  failure?: { model: string; code: string };
}

/** The ai service: deposit classifications and volunteers' corrections. */
export class AiApi {
  constructor(readonly url: string) {}

  classify(body: { depositId: string; siteId: string; description: string }, at: number) {
    return call<Classification>('POST', `${this.url}/classifications`, { ...body, at: iso(at) });
  }

  correct(classificationId: string, category: DepositCategory, at: number) {
    return call<Classification>('POST', `${this.url}/classifications/${classificationId}/corrections`, { category, at: iso(at) });
  }

  /** The model of the provider the ai service calls first (its breaker in /health/ready). */
  async primaryModel(): Promise<string | undefined> {
    const ready = await call<{ details?: Record<string, unknown> }>('GET', `${this.url}/health/ready`);
    const key = Object.keys(ready?.details ?? {}).find((k) => k.startsWith('breaker:'));
    return key?.slice('breaker:'.length);
  }
}

export interface SyncTarget {
  name: string;
  kind: string;
  scheduleMs: number;
}

export interface SyncRun {
  runId: string;
  status: 'running' | 'succeeded' | 'failed';
  attempts: number;
  error?: { code: string; message: string };
}

/** The sync service: export runs to its configured targets. */
export class SyncApi {
  constructor(readonly url: string) {}

  targets() {
    return call<SyncTarget[]>('GET', `${this.url}/targets`);
  }

  start(body: { target: string; rows?: Record<string, string | number>[] }, at: number) {
    return call<SyncRun>('POST', `${this.url}/runs`, { ...body, at: iso(at) });
  }

  run(runId: string) {
    return call<SyncRun>('GET', `${this.url}/runs/${runId}`);
  }
}

/** The gateway's ingest API, as an existing Recyclic backend pushes its facts (logins, heartbeats). */
export class IngestApi {
  constructor(
    readonly url: string,
    private readonly token: string,
  ) {}

  async send(...events: AnyEvent[]): Promise<void> {
    await call('POST', `${this.url}/api/events`, events.length === 1 ? events[0] : { events }, { authorization: `Bearer ${this.token}` });
  }
}
