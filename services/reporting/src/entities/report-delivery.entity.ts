import { BigIntType, EntitySchema, type Opt } from '@mikro-orm/core';

export type DeliveryStatus = 'pending' | 'sent' | 'failed';

/** The `report_delivery` table: the e-mail of one weekly report, created with the report, sent after commit. */
export class ReportDeliveryRow {
  id!: number & Opt;
  isoWeek!: string;
  channel!: string;
  /** Opaque ids of the addresses (`eml-…`), never the addresses themselves. */
  recipientIds!: string[];
  status!: DeliveryStatus;
  attempts!: number;
  lastError?: string | null;
  createdAt!: Date;
  updatedAt!: Date;
  sentAt?: Date | null;
}

export const ReportDeliverySchema = new EntitySchema<ReportDeliveryRow>({
  class: ReportDeliveryRow,
  tableName: 'report_delivery',
  properties: {
    id: { type: new BigIntType('number'), primary: true, autoincrement: true },
    isoWeek: { type: 'string' },
    channel: { type: 'string' },
    recipientIds: { type: 'json' },
    status: { type: 'string' },
    attempts: { type: 'integer' },
    lastError: { type: 'text', nullable: true },
    createdAt: { type: 'datetime' },
    updatedAt: { type: 'datetime' },
    sentAt: { type: 'datetime', nullable: true },
  },
});
