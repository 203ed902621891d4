import type { DepositCategory } from '@vigie/contracts';
import type { Classification } from '../entities/classification.entity';
import type { Alternative } from '../providers/provider';

/** A classification as the REST API returns it. `classificationId` is the `requestId` of its events. */
export interface ClassificationView {
  classificationId: string;
  depositId: string;
  siteId: string;
  category: DepositCategory;
  confidence: number;
  alternatives: Alternative[];
  /** The model that answered: the fallback's when `fallback`. */
  model: string;
  latencyMs: number;
  fallback: boolean;
  /** When `fallback`: the configured provider's model and why it did not answer. */
  failure?: { model: string; code: string };
  classifiedAt: string;
  /** The category a volunteer chose instead, the latest when corrected several times. */
  correctedCategory?: DepositCategory;
  correctedAt?: string;
}

export function toClassificationView(c: Classification): ClassificationView {
  return {
    classificationId: c.id,
    depositId: c.depositId,
    siteId: c.siteId,
    category: c.category,
    confidence: c.confidence,
    alternatives: c.alternatives,
    model: c.model,
    latencyMs: c.latencyMs,
    fallback: c.fallback,
    ...(c.failedModel && c.failureCode ? { failure: { model: c.failedModel, code: c.failureCode } } : {}),
    classifiedAt: c.classifiedAt.toISOString(),
    ...(c.correctedCategory ? { correctedCategory: c.correctedCategory } : {}),
    ...(c.correctedAt ? { correctedAt: c.correctedAt.toISOString() } : {}),
  };
}
