import { Injectable, Logger } from '@nestjs/common';
import { createEvent, type NotifyDelivery } from '@vigie/contracts';
import { MetricsService } from '@vigie/health';
import { EventPublisher } from '@vigie/messaging';
import type { Counter } from 'prom-client';
import { deterministicEventId } from '../domain/ids';
import type { DeliveryRow } from '../entities/delivery.entity';
import { DeliveryRepository, type DeliveryPayload } from './delivery.repository';

/**
 * Announces deliveries on NOTIFY: `notify.delivery.failed` for each failed attempt, and the final
 * `sent` / `failed` once. Ids derive from the delivery (and attempt), so publishing again after a
 * crash stores nothing new.
 */
@Injectable()
export class DeliveryOutcomes {
  private readonly logger = new Logger(DeliveryOutcomes.name);
  private readonly counted: Counter<'channel' | 'outcome'>;

  constructor(
    private readonly publisher: EventPublisher,
    private readonly repo: DeliveryRepository,
    metrics: MetricsService,
  ) {
    this.counted = metrics.counter('vigie_notify_deliveries_total', 'Deliveries by final outcome (sent, failed, in-doubt) and failed attempts (retry)', [
      'channel',
      'outcome',
    ]);
  }

  /** Publishes the final outcome of each row and marks it published; a NATS failure leaves it for `republish`. */
  async final(rows: readonly DeliveryRow[], count = true): Promise<void> {
    const done: string[] = [];
    for (const row of rows) {
      if (count && row.status !== 'pending' && row.status !== 'sending') this.counted.inc({ channel: row.channel, outcome: row.status });
    }
    try {
      for (const row of rows) {
        if (row.status === 'pending' || row.status === 'sending') continue;
        if (row.status === 'sent') {
          await this.publisher.publish(
            createEvent('notify.delivery.sent', this.data(row), { id: deterministicEventId(row.deliveryId, 'sent'), ...this.meta(row) }),
          );
        } else {
          await this.attemptFailed(row);
        }
        done.push(row.deliveryId);
      }
    } catch (e) {
      this.logger.warn(`delivery outcomes not published yet: ${(e as Error).message}`);
    }
    await this.repo.markPublished(done);
  }

  /** One failed attempt that will be retried; best effort (the final outcome is what must be published). */
  async attemptsFailed(rows: readonly DeliveryRow[]): Promise<void> {
    for (const row of rows) this.counted.inc({ channel: row.channel, outcome: 'retry' });
    try {
      for (const row of rows) await this.attemptFailed(row);
    } catch (e) {
      this.logger.warn(`notify.delivery.failed not published: ${(e as Error).message}`);
    }
  }

  async republish(): Promise<void> {
    const rows = await this.repo.unpublished(200);
    // Counted when they were closed; only their events are missing.
    if (rows.length > 0) await this.final(rows, false);
  }

  private async attemptFailed(row: DeliveryRow): Promise<void> {
    await this.publisher.publish(
      createEvent(
        'notify.delivery.failed',
        { ...this.data(row), error: { code: row.lastErrorCode ?? 'unknown', message: (row.lastErrorMessage ?? '').slice(0, 2000) } },
        { id: deterministicEventId(row.deliveryId, 'failed', String(row.attempts)), ...this.meta(row) },
      ),
    );
  }

  private data(row: DeliveryRow): NotifyDelivery {
    return {
      deliveryId: row.deliveryId,
      ...(row.anomalyId ? { anomalyId: row.anomalyId } : {}),
      channel: row.channel as NotifyDelivery['channel'],
      recipient: row.recipient,
      // An in-doubt row closed before any attempt completed still names the attempt that was under way.
      attempt: Math.max(1, row.attempts),
    };
  }

  private meta(row: DeliveryRow) {
    const payload = row.payload as DeliveryPayload | null | undefined;
    return {
      source: 'notification',
      siteId: row.siteId,
      occurredAt: row.finishedAt ?? row.updatedAt,
      causationId: row.sourceEventId,
      correlationId: payload?.correlationId ?? row.sourceEventId,
    };
  }
}
