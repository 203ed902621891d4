import { EntitySchema } from '@mikro-orm/core';
import type { Severity } from '@vigie/contracts';

/** The `anomaly_timeline` projection of ANOMALY: when each anomaly was raised, first acknowledged, resolved. */
export class AnomalyTimelineRow {
  anomalyId!: string;
  ruleId!: string;
  siteId!: string;
  severity!: Severity;
  raisedAt!: Date;
  raisedDay!: string;
  acknowledgedAt?: Date | null;
  acknowledgedDay?: string | null;
  resolvedAt?: Date | null;
  resolvedDay?: string | null;
}

export const AnomalyTimelineSchema = new EntitySchema<AnomalyTimelineRow>({
  class: AnomalyTimelineRow,
  tableName: 'anomaly_timeline',
  properties: {
    anomalyId: { type: 'string', primary: true },
    ruleId: { type: 'string' },
    siteId: { type: 'string' },
    severity: { type: 'string' },
    raisedAt: { type: 'datetime' },
    raisedDay: { type: 'date' },
    acknowledgedAt: { type: 'datetime', nullable: true },
    acknowledgedDay: { type: 'date', nullable: true },
    resolvedAt: { type: 'datetime', nullable: true },
    resolvedDay: { type: 'date', nullable: true },
  },
});
