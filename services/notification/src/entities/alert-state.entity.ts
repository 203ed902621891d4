import { EntitySchema, type Opt } from '@mikro-orm/core';
import type { Severity } from '@vigie/contracts';

/** Per anomaly: the highest severity seen (an escalating update vs a mere repeat) and its silence. */
export class AlertStateRow {
  anomalyId!: string;
  severity!: Severity;
  lastEventId!: string;
  silencedUntil?: Date | null;
  updatedAt: Date & Opt = new Date();
}

export const AlertStateSchema = new EntitySchema<AlertStateRow>({
  class: AlertStateRow,
  tableName: 'alert_state',
  properties: {
    anomalyId: { type: 'string', primary: true },
    severity: { type: 'string' },
    lastEventId: { type: 'string' },
    silencedUntil: { type: 'datetime', nullable: true },
    updatedAt: { type: 'datetime', onUpdate: () => new Date() },
  },
});
