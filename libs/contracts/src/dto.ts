import { z } from 'zod';
import { EvidenceRef } from './events/anomaly';
import { Severity } from './events/common';

/** Errors returned by every HTTP API of Vigie. */
export interface ApiError {
  error: { code: string; message: string; details?: unknown };
}

export const AnomalyStatus = z.enum(['open', 'acknowledged', 'silenced', 'resolved']);
export type AnomalyStatus = z.infer<typeof AnomalyStatus>;

/** One anomaly as the dashboard and the REST API show it. */
export interface AnomalyView {
  anomalyId: string;
  ruleId: string;
  ruleVersion: number;
  severity: Severity;
  status: AnomalyStatus;
  siteId: string;
  key: string;
  title: string;
  summary: string;
  evidence: EvidenceRef[];
  details: Record<string, unknown>;
  count: number;
  raisedAt: string;
  updatedAt: string;
  /** ANOMALY stream sequence of the last event applied to this view. */
  seq: number;
}

export interface AnomalyListResponse {
  items: AnomalyView[];
  total: number;
  /** Highest ANOMALY sequence this list reflects; a Socket.IO client resumes from it. */
  lastSeq: number;
}

export const AnomalyListQuery = z
  .object({
    status: AnomalyStatus.optional(),
    severity: Severity.optional(),
    ruleId: z.string().max(64).optional(),
    siteId: z.string().max(128).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(50),
    offset: z.coerce.number().int().min(0).default(0),
  })
  .strict();
export type AnomalyListQuery = z.infer<typeof AnomalyListQuery>;

export type { EvidenceRef };
