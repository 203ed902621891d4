import { BigIntType, EntitySchema, type Opt } from '@mikro-orm/core';
import type { Severity } from '@vigie/contracts';

/**
 * `pending` waits in the outbox; `sending` is claimed by the dispatcher for one call; `sent`,
 * `failed` and `in-doubt` (the process died during the call: not resent, never twice) are final.
 */
export type DeliveryStatus = 'pending' | 'sending' | 'sent' | 'failed' | 'in-doubt';
export type DeliveryKind = 'alert' | 'report' | 'recommendation' | 'test';

/**
 * One notification to one recipient of one channel, written before anything is sent. `deliveryId`
 * derives from (source event id, channel, recipient), so a redelivered event finds its row.
 */
export class DeliveryRow {
  deliveryId!: string;
  /** Outbox order; set by Postgres. */
  seq?: number;
  kind: DeliveryKind & Opt = 'alert';
  anomalyId?: string | null;
  sourceEventId!: string;
  siteId!: string;
  transition?: string | null;
  severity?: Severity | null;
  channel!: string;
  recipient!: string;
  /** What the message is rendered from (in the recipient's language at send time). */
  payload?: Record<string, unknown> | null;
  status: DeliveryStatus & Opt = 'pending';
  attempts: number & Opt = 0;
  telegramMessageId?: number | null;
  /** How many notifications the message that carried this one held (1 = a message of its own). */
  digestSize?: number | null;
  lastErrorCode?: string | null;
  lastErrorMessage?: string | null;
  /** Whether the final `notify.delivery.*` event is on the NOTIFY stream yet. */
  outcomePublished: boolean & Opt = false;
  claimedAt?: Date | null;
  createdAt: Date & Opt = new Date();
  updatedAt: Date & Opt = new Date();
  finishedAt?: Date | null;
}

export const DeliverySchema = new EntitySchema<DeliveryRow>({
  class: DeliveryRow,
  tableName: 'delivery',
  uniques: [{ properties: ['sourceEventId', 'channel', 'recipient'] }],
  properties: {
    deliveryId: { type: 'string', primary: true },
    seq: { type: new BigIntType('number'), persist: false, nullable: true },
    kind: { type: 'string' },
    anomalyId: { type: 'string', nullable: true },
    sourceEventId: { type: 'string' },
    siteId: { type: 'string' },
    transition: { type: 'string', nullable: true },
    severity: { type: 'string', nullable: true },
    channel: { type: 'string' },
    recipient: { type: 'string' },
    payload: { type: 'json', nullable: true },
    status: { type: 'string' },
    attempts: { type: 'integer' },
    telegramMessageId: { type: new BigIntType('number'), nullable: true },
    digestSize: { type: 'integer', nullable: true },
    lastErrorCode: { type: 'string', nullable: true },
    lastErrorMessage: { type: 'text', nullable: true },
    outcomePublished: { type: 'boolean' },
    claimedAt: { type: 'datetime', nullable: true },
    createdAt: { type: 'datetime' },
    updatedAt: { type: 'datetime', onUpdate: () => new Date() },
    finishedAt: { type: 'datetime', nullable: true },
  },
});
