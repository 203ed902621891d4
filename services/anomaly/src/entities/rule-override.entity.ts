import { EntitySchema } from '@mikro-orm/core';
import type { Severity } from '@vigie/contracts';

/** One override of a rule; '' in `siteId`/`subject` means "any". */
export class RuleOverrideRow {
  ruleId!: string;
  siteId!: string;
  subject!: string;
  enabled?: boolean | null;
  severity?: Severity | null;
  params!: Record<string, number>;
  updatedBy!: string;
  updatedAt!: Date;
}

export const RuleOverrideSchema = new EntitySchema<RuleOverrideRow>({
  class: RuleOverrideRow,
  tableName: 'rule_override',
  properties: {
    ruleId: { type: 'string', primary: true },
    siteId: { type: 'string', primary: true },
    subject: { type: 'string', primary: true },
    enabled: { type: 'boolean', nullable: true },
    severity: { type: 'string', nullable: true },
    params: { type: 'json' },
    updatedBy: { type: 'string' },
    updatedAt: { type: 'datetime' },
  },
});

/** How many times a rule's configuration changed: added to its default version. */
export class RuleRevisionRow {
  ruleId!: string;
  revision!: number;
}

export const RuleRevisionSchema = new EntitySchema<RuleRevisionRow>({
  class: RuleRevisionRow,
  tableName: 'rule_revision',
  properties: {
    ruleId: { type: 'string', primary: true },
    revision: { type: 'integer' },
  },
});
