import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import { SEVERITY_RANK, type AnomalyEventType, type AnyEvent, type Envelope } from '@vigie/contracts';
import { ChatStore } from '../../chats/chat-store';
import { EmailChannel } from '../../channels/email.channel';
import { TelegramChannel } from '../../channels/telegram.channel';
import { NOTIFICATION_CONFIG, type NotificationConfig } from '../../config';
import { DeliveryDispatcher } from '../../delivery/dispatcher';
import { DeliveryRepository, type NewDelivery } from '../../delivery/delivery.repository';
import { deliveryIdFor } from '../../domain/ids';
import { decideNotice, type NoticeDecision } from '../../domain/notice';
import { wantsAlert } from '../../domain/subscriptions';
import { AlertStateRow } from '../../entities/alert-state.entity';
import type { AlertMessageInput } from '../../templates/alert-message';

type AnomalyEvent = Envelope<AnomalyEventType>;

export interface NotifyResult {
  decision: NoticeDecision;
  /** Recipients queued by this call, per channel (a redelivery queues the same ones again: no-op). */
  queued: { channel: string; recipient: string }[];
}

function isAnomalyEvent(event: AnyEvent): event is AnomalyEvent & AnyEvent {
  return event.type.startsWith('anomaly.');
}

/**
 * Queues one anomaly transition for every chat whose subscriptions want it (and for the e-mail
 * recipients when critical alerts go by e-mail), in one transaction with the anomaly's last known
 * severity. Sending is the dispatcher's job: the event can be acked as soon as this commits, and a
 * redelivery finds the same delivery ids and queues nothing new.
 */
@Injectable()
export class NotifyAdmins {
  constructor(
    private readonly em: EntityManager,
    private readonly chats: ChatStore,
    private readonly deliveries: DeliveryRepository,
    private readonly dispatcher: DeliveryDispatcher,
    private readonly telegram: TelegramChannel,
    private readonly email: EmailChannel,
    @Inject(NOTIFICATION_CONFIG) private readonly config: NotificationConfig,
  ) {}

  async execute(event: AnyEvent): Promise<NotifyResult> {
    if (!isAnomalyEvent(event)) return { decision: { notify: false, reason: 'not-announced' }, queued: [] };
    const result = await this.em.fork().transactional(async (em) => {
      const state = await em.findOne(AlertStateRow, { anomalyId: event.data.anomalyId });
      const decision = decideNotice(event.type, event.data.severity, state?.severity, {
        silencedUntil: state?.silencedUntil,
        occurredAt: event.occurredAt,
      });
      const rows = decision.notify ? await this.recipients(em, event, decision) : [];
      await this.deliveries.enqueue(em, rows);
      this.recordState(em, event, state);
      await em.flush();
      return { decision, queued: rows.map((r) => ({ channel: r.channel, recipient: r.recipient })) };
    });
    for (const channel of ['telegram', 'email']) {
      this.dispatcher.wake(channel, result.queued.filter((q) => q.channel === channel).map((q) => q.recipient));
    }
    return result;
  }

  private async recipients(
    em: EntityManager,
    event: AnomalyEvent,
    decision: NoticeDecision & { notify: true },
  ): Promise<NewDelivery[]> {
    const { evidence: _evidence, ...alert } = event.data;
    const message: AlertMessageInput = {
      transition: decision.transition,
      siteId: event.siteId,
      occurredAt: event.occurredAt,
      alert,
      ...(decision.previousSeverity ? { previousSeverity: decision.previousSeverity } : {}),
    };
    const base = {
      kind: 'alert' as const,
      anomalyId: event.data.anomalyId,
      sourceEventId: event.id,
      siteId: event.siteId,
      transition: decision.transition,
      severity: event.data.severity,
      payload: { correlationId: event.correlationId, message },
    };
    const out: NewDelivery[] = [];
    if (this.telegram.enabled) {
      const chats = await this.chats.activeChats(em);
      const subs = await this.chats.subscriptionsOf(
        chats.map((c) => c.chatId),
        em,
      );
      const notice = { ruleId: event.data.ruleId, severity: event.data.severity, transition: decision.transition };
      for (const chat of chats) {
        if (!wantsAlert(subs.get(chat.chatId) ?? [], notice)) continue;
        out.push({ ...base, channel: 'telegram', recipient: chat.chatId, deliveryId: deliveryIdFor(event.id, 'telegram', chat.chatId) });
      }
    }
    if (this.config.EMAIL_CRITICAL_ALERTS && event.data.severity === 'critical') {
      for (const recipient of this.email.recipients) {
        out.push({ ...base, channel: 'email', recipient, deliveryId: deliveryIdFor(event.id, 'email', recipient) });
      }
    }
    return out;
  }

  private recordState(em: EntityManager, event: AnomalyEvent, state: AlertStateRow | null): void {
    if (event.type === 'anomaly.alert.silenced') {
      if (state) state.silencedUntil = event.data.until ? new Date(event.data.until) : null;
      return;
    }
    if (event.type !== 'anomaly.alert.raised' && event.type !== 'anomaly.alert.updated') return;
    if (!state) {
      em.create(AlertStateRow, { anomalyId: event.data.anomalyId, severity: event.data.severity, lastEventId: event.id });
    } else {
      if (SEVERITY_RANK[event.data.severity] > SEVERITY_RANK[state.severity]) state.severity = event.data.severity;
      state.lastEventId = event.id;
    }
  }
}
