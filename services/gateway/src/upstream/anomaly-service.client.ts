import {
  AnomalyStatus,
  KpiListResponse,
  RecommendationListResponse,
  RuleListResponse,
  RuleView,
  type AcknowledgeAnomalyCommand,
  type AnomalyAction,
  type AnomalyActionResponse,
  type KpiQuery,
  type RuleScope,
  type Severity,
  type SilenceAnomalyCommand,
} from '@vigie/contracts';
import { z } from 'zod';
import { UpstreamHttp } from './upstream-http';

const StateReply = z.object({ anomalyId: z.string().min(1), status: AnomalyStatus });

export type AnomalyCommandBody = AcknowledgeAnomalyCommand | SilenceAnomalyCommand;

/** What the anomaly service's `PUT /rules/:ruleId` takes: one scope's override, and who changed it. */
export interface RuleOverrideCommand {
  scope: RuleScope;
  enabled?: boolean;
  severity?: Severity;
  params?: Record<string, number>;
  by: string;
}

/**
 * HTTP client of the anomaly service: anomaly commands (`POST /anomalies/:id/<action>`), the daily KPIs,
 * the maintenance recommendations and the rules.
 */
export class AnomalyServiceClient {
  private readonly http: UpstreamHttp;

  constructor(baseUrl: string, timeoutMs: number) {
    this.http = new UpstreamHttp('anomaly', baseUrl, timeoutMs);
  }

  async act(anomalyId: string, action: AnomalyAction, body: AnomalyCommandBody): Promise<AnomalyActionResponse> {
    const state = await this.http.json({ method: 'POST', path: `/anomalies/${encodeURIComponent(anomalyId)}/${action}`, body }, StateReply);
    return { anomalyId: state.anomalyId, status: state.status };
  }

  kpis(query: KpiQuery): Promise<KpiListResponse> {
    return this.http.json({ path: '/kpis', query: { ...query } }, KpiListResponse);
  }

  recommendations(): Promise<RecommendationListResponse> {
    return this.http.json({ path: '/recommendations' }, RecommendationListResponse);
  }

  rules(): Promise<RuleListResponse> {
    return this.http.json({ path: '/rules' }, RuleListResponse);
  }

  rule(ruleId: string): Promise<RuleView> {
    return this.http.json({ path: `/rules/${encodeURIComponent(ruleId)}` }, RuleView);
  }

  setRuleOverride(ruleId: string, command: RuleOverrideCommand): Promise<RuleView> {
    return this.http.json({ method: 'PUT', path: `/rules/${encodeURIComponent(ruleId)}`, body: command }, RuleView);
  }

  removeRuleOverride(ruleId: string, scope: RuleScope): Promise<RuleView> {
    return this.http.json({ method: 'DELETE', path: `/rules/${encodeURIComponent(ruleId)}/overrides`, query: { ...scope } }, RuleView);
  }
}
