import { BigIntType, EntitySchema, type Opt } from '@mikro-orm/core';
import type { AlertTransition } from '../templates/alert-message';

export type DeliveryStatus = 'pending' | 'sent' | 'failed';

/**
 * One anomaly transition to one recipient of one channel. `deliveryId` is derived from (anomaly
 * event id, channel, recipient), so a redelivered event finds its row: `sent` and `failed` are final.
 */
export class DeliveryRow {
  deliveryId!: string;
  anomalyId!: string;
  anomalyEventId!: string;
  siteId!: string;
  transition!: AlertTransition;
  channel!: string;
  recipient!: string;
  status: DeliveryStatus & Opt = 'pending';
  attempts: number & Opt = 0;
  telegramMessageId?: number | null;
  lastErrorCode?: string | null;
  lastErrorMessage?: string | null;
  /** Whether the final `notify.delivery.*` event is on the NOTIFY stream yet. */
  outcomePublished: boolean & Opt = false;
  createdAt: Date & Opt = new Date();
  updatedAt: Date & Opt = new Date();
  finishedAt?: Date | null;
}

export const DeliverySchema = new EntitySchema<DeliveryRow>({
  class: DeliveryRow,
  tableName: 'delivery',
  uniques: [{ properties: ['anomalyEventId', 'channel', 'recipient'] }],
  properties: {
    deliveryId: { type: 'string', primary: true },
    anomalyId: { type: 'string' },
    anomalyEventId: { type: 'string' },
    siteId: { type: 'string' },
    transition: { type: 'string' },
    channel: { type: 'string' },
    recipient: { type: 'string' },
    status: { type: 'string' },
    attempts: { type: 'integer' },
    telegramMessageId: { type: new BigIntType('number'), nullable: true },
    lastErrorCode: { type: 'string', nullable: true },
    lastErrorMessage: { type: 'text', nullable: true },
    outcomePublished: { type: 'boolean' },
    createdAt: { type: 'datetime' },
    updatedAt: { type: 'datetime', onUpdate: () => new Date() },
    finishedAt: { type: 'datetime', nullable: true },
  },
});
