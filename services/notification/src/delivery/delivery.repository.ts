import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { Severity } from '@vigie/contracts';
import type { SendFailure } from '../domain/send-failure';
import { DeliveryRow, type DeliveryKind } from '../entities/delivery.entity';

export interface NewDelivery {
  deliveryId: string;
  kind: DeliveryKind;
  anomalyId?: string;
  sourceEventId: string;
  siteId: string;
  transition?: string;
  severity?: Severity;
  channel: string;
  recipient: string;
  payload: DeliveryPayload;
}

/** What a delivery is rendered from, plus the correlation id its outcome events carry on. */
export interface DeliveryPayload {
  correlationId?: string;
  message: unknown;
}

const placeholders = (n: number) => Array.from({ length: n }, () => '?').join(', ');

/**
 * The delivery outbox. Status changes are single conditional UPDATEs, so two dispatchers can never
 * both claim a row, and a row is `sending` exactly while a call to the far end may be under way.
 */
@Injectable()
export class DeliveryRepository {
  constructor(private readonly em: EntityManager) {}

  /**
   * Queues deliveries in the caller's transaction. A delivery that exists already (a redelivered
   * event) is kept as it is; one written by an older version without a payload gets it now.
   */
  async enqueue(em: EntityManager, rows: readonly NewDelivery[]): Promise<void> {
    for (const r of rows) {
      await em.execute(
        `insert into "delivery" ("delivery_id", "kind", "anomaly_id", "source_event_id", "site_id", "transition", "severity",
           "channel", "recipient", "payload", "status", "attempts", "outcome_published", "created_at", "updated_at")
         values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, 'pending', 0, false, now(), now())
         on conflict ("delivery_id") do update set "payload" = excluded."payload"
           where "delivery"."payload" is null and "delivery"."status" = 'pending'`,
        [
          r.deliveryId,
          r.kind,
          r.anomalyId ?? null,
          r.sourceEventId,
          r.siteId,
          r.transition ?? null,
          r.severity ?? null,
          r.channel,
          r.recipient,
          JSON.stringify(r.payload),
        ],
      );
    }
  }

  /** A delivery sent right away past the queue (a test): inserted already claimed, so no lane takes it. */
  async insertClaimed(r: NewDelivery): Promise<void> {
    await this.em.fork().execute(
      `insert into "delivery" ("delivery_id", "kind", "anomaly_id", "source_event_id", "site_id", "transition", "severity",
         "channel", "recipient", "payload", "status", "attempts", "claimed_at", "outcome_published", "created_at", "updated_at")
       values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, 'sending', 1, now(), false, now(), now())`,
      [r.deliveryId, r.kind, r.anomalyId ?? null, r.sourceEventId, r.siteId, r.transition ?? null, r.severity ?? null, r.channel, r.recipient, JSON.stringify(r.payload)],
    );
  }

  /** Channel and recipient of every queue with something pending, oldest first. */
  async pendingQueues(): Promise<{ channel: string; recipient: string }[]> {
    return this.em
      .fork()
      .execute<{ channel: string; recipient: string }[]>(
        `select "channel", "recipient" from "delivery" where "status" = 'pending' group by "channel", "recipient" order by min("seq")`,
      );
  }

  async pending(channel: string, recipient: string, limit: number): Promise<DeliveryRow[]> {
    return this.em.fork().find(DeliveryRow, { channel, recipient, status: 'pending' }, { orderBy: { seq: 'asc' }, limit });
  }

  /** pending → sending, counting an attempt. Returns the ids actually claimed. */
  async claim(ids: readonly string[]): Promise<Set<string>> {
    const rows = await this.em.fork().execute<{ delivery_id: string }[]>(
      `update "delivery" set "status" = 'sending', "attempts" = "attempts" + 1, "claimed_at" = now(), "updated_at" = now()
       where "delivery_id" in (${placeholders(ids.length)}) and "status" = 'pending' returning "delivery_id"`,
      [...ids],
    );
    return new Set(rows.map((r) => r.delivery_id));
  }

  /** sending → pending without counting the attempt: the call never left (breaker refused it). */
  async unclaim(ids: readonly string[]): Promise<void> {
    await this.em.fork().execute(
      `update "delivery" set "status" = 'pending', "attempts" = "attempts" - 1, "claimed_at" = null, "updated_at" = now()
       where "delivery_id" in (${placeholders(ids.length)}) and "status" = 'sending'`,
      [...ids],
    );
  }

  async markSent(ids: readonly string[], messageId: number | undefined, digestSize: number): Promise<DeliveryRow[]> {
    await this.em.fork().execute(
      `update "delivery" set "status" = 'sent', "telegram_message_id" = ?, "digest_size" = ?, "last_error_code" = null,
         "last_error_message" = null, "finished_at" = now(), "updated_at" = now()
       where "delivery_id" in (${placeholders(ids.length)}) and "status" = 'sending'`,
      [messageId ?? null, digestSize, ...ids],
    );
    return this.byIds(ids);
  }

  /** sending → pending after a failed attempt that will be retried. */
  async release(ids: readonly string[], failure: SendFailure): Promise<DeliveryRow[]> {
    await this.em.fork().execute(
      `update "delivery" set "status" = 'pending', "last_error_code" = ?, "last_error_message" = ?, "claimed_at" = null, "updated_at" = now()
       where "delivery_id" in (${placeholders(ids.length)}) and "status" = 'sending'`,
      [failure.code, failure.message.slice(0, 2000), ...ids],
    );
    return this.byIds(ids);
  }

  /** Final failure (from pending or sending). */
  async fail(ids: readonly string[], failure: { code: string; message: string }): Promise<DeliveryRow[]> {
    await this.em.fork().execute(
      `update "delivery" set "status" = 'failed', "last_error_code" = ?, "last_error_message" = ?, "finished_at" = now(), "updated_at" = now()
       where "delivery_id" in (${placeholders(ids.length)}) and "status" in ('pending', 'sending')`,
      [failure.code, failure.message.slice(0, 2000), ...ids],
    );
    return this.byIds(ids);
  }

  /**
   * Rows left `sending` by a dispatcher that died during the call: Telegram may or may not have
   * shown the message, and it offers no way to ask. They are closed as `in-doubt` rather than sent
   * again — never twice — and reported as failed so the dashboard shows them.
   */
  async closeInDoubt(): Promise<DeliveryRow[]> {
    const rows = await this.em.fork().execute<{ delivery_id: string }[]>(
      `update "delivery" set "status" = 'in-doubt', "last_error_code" = 'delivery.in-doubt',
         "last_error_message" = 'the service stopped during the call; not resent so it is never received twice',
         "finished_at" = now(), "updated_at" = now()
       where "status" = 'sending' returning "delivery_id"`,
    );
    return this.byIds(rows.map((r) => r.delivery_id));
  }

  /** Final rows whose outcome event is not on NOTIFY yet (NATS was down when they finished). */
  async unpublished(limit: number): Promise<DeliveryRow[]> {
    return this.em
      .fork()
      .find(DeliveryRow, { status: { $in: ['sent', 'failed', 'in-doubt'] }, outcomePublished: false }, { orderBy: { seq: 'asc' }, limit });
  }

  async markPublished(ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.em.fork().execute(
      `update "delivery" set "outcome_published" = true where "delivery_id" in (${placeholders(ids.length)})`,
      [...ids],
    );
  }

  async byIds(ids: readonly string[]): Promise<DeliveryRow[]> {
    if (ids.length === 0) return [];
    return this.em.fork().find(DeliveryRow, { deliveryId: { $in: [...ids] } }, { orderBy: { seq: 'asc' } });
  }

  /** Anomaly ids this service told a chat about whose id starts with `prefix` (what /ack accepts). */
  async anomalyIdsByPrefix(recipient: string, prefix: string): Promise<string[]> {
    const rows = await this.em.fork().execute<{ anomaly_id: string }[]>(
      `select distinct "anomaly_id" from "delivery" where "recipient" = ? and "anomaly_id" like ? limit 5`,
      [recipient, `${prefix.replace(/[%_\\]/g, (c) => `\\${c}`)}%`],
    );
    return rows.map((r) => r.anomaly_id);
  }
}
