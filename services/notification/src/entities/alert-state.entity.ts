import { EntitySchema, type Opt } from '@mikro-orm/core';
import type { Severity } from '@vigie/contracts';

/** The highest severity seen per anomaly, to tell an escalating update from a mere repeat. */
export class AlertStateRow {
  anomalyId!: string;
  severity!: Severity;
  lastEventId!: string;
  updatedAt: Date & Opt = new Date();
}

export const AlertStateSchema = new EntitySchema<AlertStateRow>({
  class: AlertStateRow,
  tableName: 'alert_state',
  properties: {
    anomalyId: { type: 'string', primary: true },
    severity: { type: 'string' },
    lastEventId: { type: 'string' },
    updatedAt: { type: 'datetime', onUpdate: () => new Date() },
  },
});
