import { EntitySchema } from '@mikro-orm/core';
import type { Severity } from '@vigie/contracts';

export type RecommendationStatus = 'active' | 'cleared';

/**
 * The `recommendation` table: the current set (status `active`) and the cleared ones, kept so a
 * recommendation that comes back is announced under a new generation.
 */
export class RecommendationRow {
  recommendationId!: string;
  kind!: string;
  siteId!: string;
  subject!: string;
  status!: RecommendationStatus;
  severity!: Severity;
  title!: string;
  summary!: string;
  evidence!: Record<string, number>;
  actions!: string[];
  /** How many times it was issued. */
  generation!: number;
  /** The projection day it was last computed for. */
  asOf!: string;
  issuedAt!: Date;
  clearedAt?: Date | null;
  updatedAt!: Date;
}

export const RecommendationSchema = new EntitySchema<RecommendationRow>({
  class: RecommendationRow,
  tableName: 'recommendation',
  properties: {
    recommendationId: { type: 'string', primary: true },
    kind: { type: 'string' },
    siteId: { type: 'string' },
    subject: { type: 'string' },
    status: { type: 'string' },
    severity: { type: 'string' },
    title: { type: 'string' },
    summary: { type: 'text' },
    evidence: { type: 'json' },
    actions: { type: 'json' },
    generation: { type: 'integer' },
    asOf: { type: 'date' },
    issuedAt: { type: 'datetime' },
    clearedAt: { type: 'datetime', nullable: true },
    updatedAt: { type: 'datetime' },
  },
});

export interface RecommendationView {
  recommendationId: string;
  kind: string;
  siteId: string;
  subject: string;
  severity: Severity;
  title: string;
  summary: string;
  evidence: Record<string, number>;
  actions: string[];
  asOf: string;
  issuedAt: string;
}

export function viewOf(row: RecommendationRow): RecommendationView {
  return {
    recommendationId: row.recommendationId,
    kind: row.kind,
    siteId: row.siteId,
    subject: row.subject,
    severity: row.severity,
    title: row.title,
    summary: row.summary,
    evidence: row.evidence,
    actions: row.actions,
    asOf: row.asOf,
    issuedAt: row.issuedAt.toISOString(),
  };
}
