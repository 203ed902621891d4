import { Inject, Injectable } from '@nestjs/common';
import { Severity } from '@vigie/contracts';
import { z } from 'zod';
import { REPORTING_CONFIG, type ReportingConfig } from '../config';
import type { KpiRow, RecommendationFact } from '../domain/kpi';

const TIMEOUT_MS = 15_000;

const KpisResponse = z.object({
  items: z.array(
    z.object({
      day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
      siteId: z.string(),
      kind: z.string(),
      key: z.string(),
      counters: z.record(z.string(), z.number()),
    }),
  ),
});

const RecommendationsResponse = z.object({
  items: z.array(
    z.object({
      recommendationId: z.string(),
      kind: z.string(),
      siteId: z.string(),
      subject: z.string(),
      severity: Severity,
      title: z.string(),
      summary: z.string(),
      actions: z.array(z.string()),
    }),
  ),
});

const AnalysisResponse = z.object({
  asOf: z.string().nullable(),
  active: z.array(z.unknown()),
  issued: z.array(z.string()),
  cleared: z.array(z.string()),
});

export interface AnalysisSummary {
  asOf: string | null;
  active: number;
  issued: number;
  cleared: number;
}

/** The anomaly service's read API: the `kpi_daily` projection and the maintenance recommendations. */
@Injectable()
export class AnomalyClient {
  constructor(@Inject(REPORTING_CONFIG) private readonly config: ReportingConfig) {}

  /** Every `kpi_daily` row from `from` to `to` (Europe/Paris days, both included). */
  async kpis(from: string, to: string): Promise<KpiRow[]> {
    const body = await this.call('GET', `/kpis?from=${from}&to=${to}`, KpisResponse);
    return body.items.map(({ day, siteId, kind, key, counters }) => ({ day, siteId, kind, key, counters }));
  }

  async recommendations(): Promise<RecommendationFact[]> {
    const body = await this.call('GET', '/recommendations', RecommendationsResponse);
    return body.items.map(({ recommendationId, kind, siteId, subject, severity, title, summary, actions }) => ({
      recommendationId,
      kind,
      siteId,
      subject,
      severity,
      title,
      summary,
      actions,
    }));
  }

  /** `asOf`: the day (YYYY-MM-DD) the trends are judged at; default the latest day of the projection. */
  async analyzeRecommendations(asOf?: string): Promise<AnalysisSummary> {
    const body = await this.call('POST', `/recommendations/analyze${asOf ? `?asOf=${asOf}` : ''}`, AnalysisResponse);
    return { asOf: body.asOf, active: body.active.length, issued: body.issued.length, cleared: body.cleared.length };
  }

  private async call<T>(method: string, path: string, schema: z.ZodType<T>): Promise<T> {
    const what = `${method} ${this.config.ANOMALY_URL}${path}`;
    let res: Response;
    try {
      res = await fetch(`${this.config.ANOMALY_URL}${path}`, { method, signal: AbortSignal.timeout(TIMEOUT_MS) });
    } catch (e) {
      throw new Error(`anomaly service unreachable (${what}): ${(e as Error).message}`);
    }
    const text = await res.text();
    if (!res.ok) throw new Error(`anomaly service answered ${res.status} to ${what}: ${text.slice(0, 300)}`);
    const parsed = schema.safeParse(JSON.parse(text));
    if (!parsed.success) throw new Error(`unexpected answer to ${what}: ${parsed.error.message.slice(0, 300)}`);
    return parsed.data;
  }
}
