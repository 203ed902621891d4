import { BigIntType, EntitySchema, type Opt } from '@mikro-orm/core';

/** An event committed with the state change it describes, waiting to be relayed to JetStream. */
export class OutboxEvent {
  id!: number & Opt;
  eventId!: string;
  eventType!: string;
  envelope!: Record<string, unknown>;
  createdAt: Date & Opt = new Date();
  publishedAt?: Date | null;
}

export const OutboxEventSchema = new EntitySchema<OutboxEvent>({
  class: OutboxEvent,
  tableName: 'outbox',
  properties: {
    id: { type: new BigIntType('number'), primary: true, autoincrement: true },
    eventId: { type: 'string', unique: true },
    eventType: { type: 'string' },
    envelope: { type: 'json' },
    createdAt: { type: 'datetime' },
    publishedAt: { type: 'datetime', nullable: true },
  },
});
