import { EntitySchema } from '@mikro-orm/core';
import type { DepositCategory } from '@vigie/contracts';
import type { Alternative } from '../providers/provider';

/**
 * One classification request and its answer. The description is not kept: it is free text that
 * may name people, and nothing here needs it once classified.
 */
export class Classification {
  id!: string;
  depositId!: string;
  siteId!: string;
  /** The model that answered (the fallback's when `fallback`). */
  model!: string;
  category!: DepositCategory;
  confidence!: number;
  alternatives!: Alternative[];
  latencyMs!: number;
  fallback!: boolean;
  /** When `fallback`: the configured provider's model and why it did not answer. */
  failedModel?: string | null;
  failureCode?: string | null;
  classifiedAt!: Date;
  correctedCategory?: DepositCategory | null;
  correctedAt?: Date | null;
}

export const ClassificationSchema = new EntitySchema<Classification>({
  class: Classification,
  tableName: 'classification',
  properties: {
    id: { type: 'string', primary: true },
    depositId: { type: 'string' },
    siteId: { type: 'string' },
    model: { type: 'string' },
    category: { type: 'string' },
    confidence: { type: 'double', runtimeType: 'number' },
    alternatives: { type: 'json' },
    latencyMs: { type: 'integer' },
    fallback: { type: 'boolean' },
    failedModel: { type: 'string', nullable: true },
    failureCode: { type: 'string', nullable: true },
    classifiedAt: { type: 'datetime' },
    correctedCategory: { type: 'string', nullable: true },
    correctedAt: { type: 'datetime', nullable: true },
  },
});
