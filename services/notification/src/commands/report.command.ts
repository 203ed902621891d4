import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { ChatCommand, CommandRequest } from '../bot/chat-command';
import { WeeklyReportRow } from '../entities/weekly-report.entity';
import { renderWeeklyReport } from '../templates/report-message';

/** `/report`: the latest weekly report. */
@Injectable()
export class ReportCommand implements ChatCommand {
  readonly name = 'report';
  readonly description = { fr: 'Dernier rapport hebdomadaire', en: 'Latest weekly report' };

  constructor(private readonly em: EntityManager) {}

  async run(req: CommandRequest): Promise<void> {
    const [latest] = await this.em.fork().find(WeeklyReportRow, {}, { orderBy: { occurredAt: 'desc' }, limit: 1 });
    if (!latest) return req.reply(req.texts.noReport);
    await req.reply(
      renderWeeklyReport(
        {
          siteId: latest.siteId,
          occurredAt: latest.occurredAt.toISOString(),
          report: { reportId: latest.reportId, isoWeek: latest.isoWeek, kpis: latest.kpis },
        },
        req.render,
      ),
    );
  }
}
