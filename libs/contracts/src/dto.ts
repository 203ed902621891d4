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

/** `by` is the acting admin's opaque principal (never a name); the anomaly service records it. */
export const AcknowledgeAnomalyCommand = z
  .object({ by: z.string().regex(/^[A-Za-z0-9_-]{1,128}$/), reason: z.string().max(500).optional() })
  .strict();
export type AcknowledgeAnomalyCommand = z.infer<typeof AcknowledgeAnomalyCommand>;

export const ResolveAnomalyCommand = AcknowledgeAnomalyCommand;
export type ResolveAnomalyCommand = AcknowledgeAnomalyCommand;

/** Silence for `durationMinutes` (1 min .. 30 days) from now. */
export const SilenceAnomalyCommand = AcknowledgeAnomalyCommand.extend({
  durationMinutes: z.number().int().min(1).max(30 * 24 * 60),
}).strict();
export type SilenceAnomalyCommand = z.infer<typeof SilenceAnomalyCommand>;
