import { EntitySchema } from '@mikro-orm/core';

/** Anomaly events committed with the projection, published to JetStream after the commit. */
export class OutboxRow {
  id!: string;
  eventId!: string;
  envelope!: Record<string, unknown>;
  createdAt: Date = new Date();
  publishedAt?: Date | null;
}

export const OutboxSchema = new EntitySchema<OutboxRow>({
  class: OutboxRow,
  tableName: 'outbox',
  properties: {
    id: { type: 'bigint', primary: true, autoincrement: true },
    eventId: { type: 'string', unique: true },
    envelope: { type: 'json' },
    createdAt: { type: 'datetime' },
    publishedAt: { type: 'datetime', nullable: true },
  },
});
