import { EntitySchema } from '@mikro-orm/core';
import type { EvidenceRef, Severity } from '@vigie/contracts';
import type { AnomalyState, AnomalyStatus } from '../domain/anomaly';

/** The `anomaly` projection: one row per anomaly, its latest state. */
export class AnomalyRow {
  anomalyId!: string;
  ruleId!: string;
  ruleVersion!: number;
  siteId!: string;
  key!: string;
  severity!: Severity;
  status!: AnomalyStatus;
  title!: string;
  summary!: string;
  details!: Record<string, unknown>;
  evidence!: EvidenceRef[];
  count!: number;
  firstSeenAt!: Date;
  lastSeenAt!: Date;
  flapping!: boolean;
  updatedAt!: Date;

  static fieldsOf(state: AnomalyState): Omit<AnomalyRow, 'toState'> {
    return {
      ...state,
      firstSeenAt: new Date(state.firstSeenAt),
      lastSeenAt: new Date(state.lastSeenAt),
      updatedAt: new Date(state.lastSeenAt),
    };
  }

  toState(): AnomalyState {
    return {
      anomalyId: this.anomalyId,
      ruleId: this.ruleId,
      ruleVersion: this.ruleVersion,
      siteId: this.siteId,
      key: this.key,
      severity: this.severity,
      status: this.status,
      title: this.title,
      summary: this.summary,
      details: this.details,
      evidence: this.evidence,
      count: this.count,
      firstSeenAt: this.firstSeenAt.toISOString(),
      lastSeenAt: this.lastSeenAt.toISOString(),
      flapping: this.flapping,
    };
  }
}

export const AnomalySchema = new EntitySchema<AnomalyRow>({
  class: AnomalyRow,
  tableName: 'anomaly',
  properties: {
    anomalyId: { type: 'string', primary: true },
    ruleId: { type: 'string' },
    ruleVersion: { type: 'integer' },
    siteId: { type: 'string' },
    key: { type: 'string' },
    severity: { type: 'string' },
    status: { type: 'string' },
    title: { type: 'string' },
    summary: { type: 'text' },
    details: { type: 'json' },
    evidence: { type: 'json' },
    count: { type: 'integer' },
    firstSeenAt: { type: 'datetime' },
    lastSeenAt: { type: 'datetime' },
    flapping: { type: 'boolean', default: false },
    updatedAt: { type: 'datetime' },
  },
});
