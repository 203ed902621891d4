import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable, Logger } from '@nestjs/common';
import {
  createEvent,
  SEVERITY_RANK,
  type AnomalyEventType,
  type AnyEvent,
  type Envelope,
  type NotifyDelivery,
} from '@vigie/contracts';
import { EventPublisher, exponentialBackoff, TransientError } from '@vigie/messaging';
import { TelegramChannel } from '../../channels/telegram.channel';
import { deliveryIdFor, deterministicEventId } from '../../domain/ids';
import { decideNotice, type NoticeDecision } from '../../domain/notice';
import { classifySendFailure } from '../../domain/send-failure';
import { AlertStateRow } from '../../entities/alert-state.entity';
import { DeliveryRow } from '../../entities/delivery.entity';
import { renderAlertMessage } from '../../templates/alert-message';

type AnomalyEvent = Envelope<AnomalyEventType>;

export interface NotifyResult {
  decision: NoticeDecision;
  /** Chats that got the message during this call (not those already served by an earlier delivery). */
  sent: string[];
  failed: string[];
}

/** Retry delay of a 5xx or network failure, by attempt number of that delivery. */
const retryDelay = exponentialBackoff({ baseMs: 1000, maxMs: 60_000 });

function isAnomalyEvent(event: AnyEvent): event is AnomalyEvent & AnyEvent {
  return event.type.startsWith('anomaly.');
}

/**
 * Tells the admin chats about one anomaly transition, once per chat however often the event is
 * delivered. Per chat: a `sent` or `failed` delivery row is final; otherwise the attempt is recorded,
 * the message sent, and the row committed as `sent` before the next chat. Resolving means every chat
 * is settled, so the consumer may ack; a crash anywhere before that redelivers the event and the
 * rows say what is left to do.
 */
@Injectable()
export class NotifyAdmins {
  private readonly logger = new Logger(NotifyAdmins.name);

  constructor(
    private readonly em: EntityManager,
    private readonly telegram: TelegramChannel,
    private readonly publisher: EventPublisher,
  ) {}

  async execute(event: AnyEvent): Promise<NotifyResult> {
    const result: NotifyResult = { decision: { notify: false, reason: 'not-announced' }, sent: [], failed: [] };
    if (!isAnomalyEvent(event)) return result;
    const em = this.em.fork();
    const state = await em.findOne(AlertStateRow, { anomalyId: event.data.anomalyId });
    result.decision = decideNotice(event.type, event.data.severity, state?.severity);
    if (result.decision.notify && this.telegram.enabled) {
      const html = renderAlertMessage({
        transition: result.decision.transition,
        siteId: event.siteId,
        occurredAt: event.occurredAt,
        alert: event.data,
        previousSeverity: result.decision.previousSeverity,
      });
      for (const chat of this.telegram.recipients) {
        const outcome = await this.deliver(em, event, result.decision.transition, chat, html);
        if (outcome === 'sent') result.sent.push(chat);
        if (outcome === 'failed') result.failed.push(chat);
      }
    }
    // Only once every chat is settled: a redelivery before this point must still see the old severity.
    await this.recordSeverity(em, event, state);
    return result;
  }

  private async deliver(
    em: EntityManager,
    event: AnomalyEvent,
    transition: DeliveryRow['transition'],
    chat: string,
    html: string,
  ): Promise<'sent' | 'failed' | 'already'> {
    const deliveryId = deliveryIdFor(event.id, this.telegram.channel, chat);
    let row = await em.findOne(DeliveryRow, { deliveryId });
    if (row && row.status !== 'pending') {
      if (!row.outcomePublished) await this.publishOutcome(em, row, event);
      return 'already';
    }
    if (!row) {
      row = em.create(DeliveryRow, {
        deliveryId,
        anomalyId: event.data.anomalyId,
        anomalyEventId: event.id,
        siteId: event.siteId,
        transition,
        channel: this.telegram.channel,
        recipient: chat,
      });
    }
    row.attempts += 1;
    // Recorded before the call: attempts count what Telegram may have seen, even if we crash now.
    await em.flush();

    let messageId: number;
    try {
      ({ messageId } = await this.telegram.send(chat, html));
    } catch (e) {
      const failure = classifySendFailure(e);
      if (!failure) throw e;
      row.lastErrorCode = failure.code;
      row.lastErrorMessage = failure.message;
      if (failure.kind === 'permanent') {
        row.status = 'failed';
        row.finishedAt = new Date();
        await em.flush();
        this.logger.warn(`delivery ${deliveryId} to a ${this.telegram.channel} chat failed for good: ${failure.code}`);
        await this.publishOutcome(em, row, event);
        return 'failed';
      }
      await em.flush();
      await this.publishAttemptFailed(row, event).catch((err: Error) =>
        this.logger.warn(`notify.delivery.failed for ${deliveryId} not published: ${err.message}`),
      );
      const delay = failure.kind === 'rate-limited' ? failure.retryAfterMs : retryDelay(row.attempts);
      throw new TransientError(`delivery ${deliveryId} attempt ${row.attempts}: ${failure.code} ${failure.message}`, delay);
    }
    row.status = 'sent';
    row.telegramMessageId = messageId;
    row.lastErrorCode = null;
    row.lastErrorMessage = null;
    row.finishedAt = new Date();
    await em.flush();
    await this.publishOutcome(em, row, event);
    return 'sent';
  }

  private async recordSeverity(em: EntityManager, event: AnomalyEvent, state: AlertStateRow | null): Promise<void> {
    if (event.type !== 'anomaly.alert.raised' && event.type !== 'anomaly.alert.updated') return;
    if (!state) {
      em.create(AlertStateRow, { anomalyId: event.data.anomalyId, severity: event.data.severity, lastEventId: event.id });
    } else {
      if (SEVERITY_RANK[event.data.severity] > SEVERITY_RANK[state.severity]) state.severity = event.data.severity;
      state.lastEventId = event.id;
    }
    await em.flush();
  }

  /** The final event of a delivery; its id depends on the delivery only, so re-publishing it is a no-op. */
  private async publishOutcome(em: EntityManager, row: DeliveryRow, event: AnomalyEvent): Promise<void> {
    if (row.status === 'sent') {
      await this.publisher.publish(
        createEvent('notify.delivery.sent', this.deliveryData(row), {
          id: deterministicEventId(row.deliveryId, 'sent'),
          ...this.meta(row, event),
        }),
      );
    } else {
      await this.publishAttemptFailed(row, event);
    }
    row.outcomePublished = true;
    await em.flush();
  }

  private async publishAttemptFailed(row: DeliveryRow, event: AnomalyEvent): Promise<void> {
    await this.publisher.publish(
      createEvent(
        'notify.delivery.failed',
        { ...this.deliveryData(row), error: { code: row.lastErrorCode ?? 'unknown', message: row.lastErrorMessage ?? '' } },
        { id: deterministicEventId(row.deliveryId, 'failed', String(row.attempts)), ...this.meta(row, event) },
      ),
    );
  }

  private deliveryData(row: DeliveryRow): NotifyDelivery {
    return {
      deliveryId: row.deliveryId,
      anomalyId: row.anomalyId,
      channel: this.telegram.channel,
      recipient: row.recipient,
      attempt: row.attempts,
    };
  }

  private meta(row: DeliveryRow, event: AnomalyEvent) {
    return {
      source: 'notification',
      siteId: row.siteId,
      occurredAt: row.finishedAt ?? row.updatedAt,
      causationId: event.id,
      correlationId: event.correlationId ?? event.id,
    };
  }
}
