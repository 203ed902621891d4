import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import type { AnyEvent, Envelope } from '@vigie/contracts';
import { ChatStore } from '../../chats/chat-store';
import { EmailChannel } from '../../channels/email.channel';
import { TelegramChannel } from '../../channels/telegram.channel';
import { NOTIFICATION_CONFIG, type NotificationConfig } from '../../config';
import { DeliveryDispatcher } from '../../delivery/dispatcher';
import { DeliveryRepository, type NewDelivery } from '../../delivery/delivery.repository';
import { deliveryIdFor } from '../../domain/ids';
import { wantsRecommendation, wantsWeeklyReport, type Subscription } from '../../domain/subscriptions';
import { WeeklyReportRow } from '../../entities/weekly-report.entity';
import type { RecommendationInput, WeeklyReportInput } from '../../templates/report-message';

type WeeklyEvent = Envelope<'report.weekly.generated'>;
type RecommendationEvent = Envelope<'report.recommendation.issued' | 'report.recommendation.cleared'>;

/**
 * A weekly report or a maintenance recommendation from REPORT: kept for /report (weekly reports),
 * and queued for the chats subscribed to it — the weekly report also for the e-mail recipients.
 */
@Injectable()
export class AnnounceReport {
  constructor(
    private readonly em: EntityManager,
    private readonly chats: ChatStore,
    private readonly deliveries: DeliveryRepository,
    private readonly dispatcher: DeliveryDispatcher,
    private readonly telegram: TelegramChannel,
    private readonly email: EmailChannel,
    @Inject(NOTIFICATION_CONFIG) private readonly config: NotificationConfig,
  ) {}

  async execute(event: AnyEvent): Promise<number> {
    if (event.type !== 'report.weekly.generated' && event.type !== 'report.recommendation.issued' && event.type !== 'report.recommendation.cleared') {
      return 0;
    }
    const rows = await this.em.fork().transactional(async (em) => {
      const out = event.type === 'report.weekly.generated' ? await this.weekly(em, event) : await this.recommendation(em, event);
      await this.deliveries.enqueue(em, out);
      return out;
    });
    for (const channel of ['telegram', 'email']) {
      this.dispatcher.wake(channel, rows.filter((r) => r.channel === channel).map((r) => r.recipient));
    }
    return rows.length;
  }

  private async weekly(em: EntityManager, event: WeeklyEvent): Promise<NewDelivery[]> {
    const existing = await em.findOne(WeeklyReportRow, { reportId: event.data.reportId });
    if (!existing) {
      em.create(WeeklyReportRow, {
        reportId: event.data.reportId,
        eventId: event.id,
        siteId: event.siteId,
        isoWeek: event.data.isoWeek,
        kpis: event.data.kpis,
        occurredAt: new Date(event.occurredAt),
      });
      await em.flush();
    }
    const message: WeeklyReportInput = { siteId: event.siteId, occurredAt: event.occurredAt, report: event.data };
    const base = this.base(event, 'report', message);
    // One report is sent once per recipient, even when it is published again under a new event id.
    const key = `report:${event.data.reportId}`;
    const out = (await this.chatsWanting(em, wantsWeeklyReport)).map((chatId) => this.row(base, key, 'telegram', chatId));
    if (this.config.EMAIL_WEEKLY_REPORT) out.push(...this.email.recipients.map((r) => this.row(base, key, 'email', r)));
    return out;
  }

  private async recommendation(em: EntityManager, event: RecommendationEvent): Promise<NewDelivery[]> {
    const cleared = event.type === 'report.recommendation.cleared';
    const message: RecommendationInput = { siteId: event.siteId, cleared, recommendation: event.data };
    const base = { ...this.base(event, 'recommendation', message), severity: event.data.severity };
    const chats = await this.chatsWanting(em, (subs) => wantsRecommendation(subs, event.data.severity, cleared));
    return chats.map((chatId) => this.row(base, event.id, 'telegram', chatId));
  }

  private async chatsWanting(em: EntityManager, wants: (subs: Subscription[]) => boolean): Promise<string[]> {
    if (!this.telegram.enabled) return [];
    const chats = await this.chats.activeChats(em);
    const subs = await this.chats.subscriptionsOf(
      chats.map((c) => c.chatId),
      em,
    );
    return chats.map((c) => c.chatId).filter((id) => wants(subs.get(id) ?? []));
  }

  private base(event: AnyEvent, kind: 'report' | 'recommendation', message: unknown): Omit<NewDelivery, 'deliveryId' | 'channel' | 'recipient'> {
    return { kind, sourceEventId: event.id, siteId: event.siteId, payload: { correlationId: event.correlationId, message } };
  }

  private row(base: Omit<NewDelivery, 'deliveryId' | 'channel' | 'recipient'>, key: string, channel: string, recipient: string): NewDelivery {
    return { ...base, channel, recipient, deliveryId: deliveryIdFor(key, channel, recipient) };
  }
}
