import { BigIntType, EntitySchema } from '@mikro-orm/core';
import type { AnomalyEventType, AnomalyStatus, EvidenceRef, Severity } from '@vigie/contracts';
import type { ProjectedAnomaly } from './anomaly-view.evolve';

/** A row of `gateway.anomaly_view`: one per anomalyId, the latest view and the seq it reflects. */
export class AnomalyViewRow {
  anomalyId!: string;
  ruleId!: string;
  ruleVersion!: number;
  severity!: Severity;
  status!: AnomalyStatus;
  siteId!: string;
  key!: string;
  title!: string;
  summary!: string;
  evidence!: EvidenceRef[];
  details!: Record<string, unknown>;
  count!: number;
  raisedAt!: Date;
  updatedAt!: Date;
  seq!: number;
  /** Seq of the first event of this anomaly: orders anomalies raised at the same instant. */
  firstSeq!: number;
  lastEventType!: AnomalyEventType;

  static fromProjected(view: ProjectedAnomaly, firstSeq: number): AnomalyViewRow {
    return Object.assign(new AnomalyViewRow(), {
      ...view,
      raisedAt: new Date(view.raisedAt),
      updatedAt: new Date(view.updatedAt),
      firstSeq,
    });
  }

  toProjected(): ProjectedAnomaly {
    return {
      anomalyId: this.anomalyId,
      ruleId: this.ruleId,
      ruleVersion: this.ruleVersion,
      severity: this.severity,
      status: this.status,
      siteId: this.siteId,
      key: this.key,
      title: this.title,
      summary: this.summary,
      evidence: this.evidence,
      details: this.details,
      count: this.count,
      raisedAt: this.raisedAt.toISOString(),
      updatedAt: this.updatedAt.toISOString(),
      seq: this.seq,
      lastEventType: this.lastEventType,
    };
  }
}

export const AnomalyViewSchema = new EntitySchema<AnomalyViewRow>({
  class: AnomalyViewRow,
  tableName: 'anomaly_view',
  properties: {
    anomalyId: { type: 'string', primary: true },
    ruleId: { type: 'string' },
    ruleVersion: { type: 'integer' },
    severity: { type: 'string' },
    status: { type: 'string' },
    siteId: { type: 'string' },
    key: { type: 'string' },
    title: { type: 'string' },
    summary: { type: 'text' },
    evidence: { type: 'json' },
    details: { type: 'json' },
    count: { type: 'integer' },
    raisedAt: { type: 'datetime' },
    updatedAt: { type: 'datetime' },
    seq: { type: new BigIntType('number') },
    firstSeq: { type: new BigIntType('number') },
    lastEventType: { type: 'string' },
  },
});
