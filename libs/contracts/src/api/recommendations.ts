import { z } from 'zod';
import { IsoDateTime, Severity } from '../events/common';

export const RecommendationView = z.object({
  recommendationId: z.string(),
  kind: z.string(),
  siteId: z.string(),
  subject: z.string(),
  severity: Severity,
  title: z.string(),
  summary: z.string(),
  /** The figures it rests on. */
  evidence: z.record(z.string(), z.number()),
  actions: z.array(z.string()),
  asOf: z.string(),
  issuedAt: IsoDateTime,
});
export type RecommendationView = z.infer<typeof RecommendationView>;
export const RecommendationListResponse = z.object({ items: z.array(RecommendationView) });
export type RecommendationListResponse = z.infer<typeof RecommendationListResponse>;
