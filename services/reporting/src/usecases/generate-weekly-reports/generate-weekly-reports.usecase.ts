import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { createEvent } from '@vigie/contracts';
import { enqueue, OutboxRelay } from '@vigie/persistence';
import { Clock } from '../../clock';
import { REPORTING_CONFIG, SERVICE, type ReportingConfig } from '../../config';
import { weeksToGenerate } from '../../domain/catch-up';
import { eventKpis, flatSummary } from '../../domain/event-kpis';
import { emailRecipientId, reportIdFor, weeklyEventIdFor } from '../../domain/ids';
import { daysOf, lastDueWeek, shiftWeek, type IsoWeek } from '../../domain/iso-week';
import type { AnomalyFact, RecommendationFact } from '../../domain/kpi';
import { computeWeeklyReport } from '../../domain/weekly-report';
import { AnomalyTimelineRow } from '../../entities/anomaly-timeline.entity';
import { ReportDeliveryRow } from '../../entities/report-delivery.entity';
import { WeeklyReportRow } from '../../entities/weekly-report.entity';
import { Mailer } from '../../mail/mailer';
import { factOf } from '../../projections/project-anomaly-timeline.usecase';
import { AnomalyClient } from '../../sources/anomaly-client';
import { ProjectionsCaughtUp } from '../../sources/projections-caught-up';
import { weeklyReportTelegram } from '../../templates/weekly-report.telegram';

export interface GenerationResult {
  dueWeek: IsoWeek;
  generated: IsoWeek[];
  /** Missing weeks beyond the catch-up bound, left without a report. */
  skipped: IsoWeek[];
}

/** One generation at a time across every instance; the unique week is the last line of defence. */
const LOCK = 'vigie.reporting.weekly-report';

/**
 * Generates the due weekly report, and every week missed since the last one (bounded), each exactly
 * once: under an advisory lock, a week's row, its `report.weekly.generated` (id derived from the week)
 * and its e-mail delivery are written in ONE transaction, so a second instance, a retry or a restart
 * finds the week done. The outbox relay publishes after commit.
 */
@Injectable()
export class GenerateWeeklyReports {
  private readonly logger = new Logger(GenerateWeeklyReports.name);

  constructor(
    private readonly em: EntityManager,
    private readonly relay: OutboxRelay,
    private readonly clock: Clock,
    private readonly anomaly: AnomalyClient,
    private readonly caughtUp: ProjectionsCaughtUp,
    private readonly mailer: Mailer,
    @Inject(REPORTING_CONFIG) private readonly config: ReportingConfig,
  ) {}

  async execute(): Promise<GenerationResult> {
    const now = this.clock.now();
    const dueWeek = lastDueWeek(this.config.REPORT_CRON, this.config.REPORT_TIMEZONE, now);
    if (await this.exists(dueWeek)) return { dueWeek, generated: [], skipped: [] };
    await this.caughtUp.wait(this.config.REPORT_PROJECTION_WAIT_MS);
    const result = await this.em.fork().transactional(async (em) => {
      await em.execute('select pg_advisory_xact_lock(hashtext(?))', [LOCK]);
      const [{ last }] = await em.execute<{ last: string | null }[]>(`select max("iso_week") as "last" from "weekly_report"`);
      const plan = weeksToGenerate(last, dueWeek, this.config.REPORT_CATCH_UP_WEEKS);
      if (plan.generate.length === 0) return { dueWeek, generated: [], skipped: [] };
      const recommendations = await this.anomaly.recommendations();
      for (const week of plan.generate) await this.generate(em, week, recommendations, now);
      return { dueWeek, generated: plan.generate, skipped: plan.skipped };
    });
    if (result.skipped.length > 0) this.logger.warn(`weeks beyond the catch-up bound left without a report: ${result.skipped.join(', ')}`);
    if (result.generated.length > 0) this.relay.kick();
    return result;
  }

  private async exists(week: IsoWeek): Promise<boolean> {
    return (await this.em.fork().count(WeeklyReportRow, { isoWeek: week })) > 0;
  }

  private async generate(em: EntityManager, week: IsoWeek, recommendations: RecommendationFact[], now: Date): Promise<void> {
    const days = [...daysOf(shiftWeek(week, -1)), ...daysOf(week)];
    const rows = await this.anomaly.kpis(days[0], days[13]);
    const report = computeWeeklyReport({ isoWeek: week, rows, anomalies: await this.anomalies(em, days), recommendations });
    const reportId = reportIdFor(week);
    const event = createEvent(
      'report.weekly.generated',
      { reportId, isoWeek: week, kpis: eventKpis(report, weeklyReportTelegram(report)) },
      { id: weeklyEventIdFor(week), source: SERVICE, siteId: 'global', occurredAt: now },
    );
    em.create(WeeklyReportRow, {
      isoWeek: week,
      reportId,
      fromDay: report.from,
      toDay: report.to,
      generatedAt: now,
      eventId: event.id,
      report,
      summary: flatSummary(report),
    });
    enqueue(em, event);
    // The delivery references the report (a foreign key MikroORM does not know): the report goes first.
    await em.flush();
    if (this.mailer.enabled) {
      em.create(ReportDeliveryRow, {
        isoWeek: week,
        channel: 'email',
        recipientIds: this.mailer.recipients.map(emailRecipientId),
        status: 'pending',
        attempts: 0,
        createdAt: now,
        updatedAt: now,
      });
    }
    await em.flush();
  }

  /** Anomalies raised, acknowledged or resolved on one of these days. */
  private async anomalies(em: EntityManager, days: string[]): Promise<AnomalyFact[]> {
    const rows = await em.find(AnomalyTimelineRow, {
      $or: [{ raisedDay: { $in: days } }, { acknowledgedDay: { $in: days } }, { resolvedDay: { $in: days } }],
    });
    return rows.map(factOf);
  }
}
