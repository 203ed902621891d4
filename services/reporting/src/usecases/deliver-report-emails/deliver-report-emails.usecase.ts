import { LockMode } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { Clock } from '../../clock';
import { ReportDeliveryRow } from '../../entities/report-delivery.entity';
import { WeeklyReportRow } from '../../entities/weekly-report.entity';
import { Mailer } from '../../mail/mailer';
import { weeklyReportEmail } from '../../templates/weekly-report.email';

/** After this many failed attempts (one per run of the weekly job or its retries) a delivery is given up. */
export const MAX_EMAIL_ATTEMPTS = 5;

export interface DeliveryResult {
  sent: string[];
  failed: { isoWeek: string; error: string }[];
}

/**
 * Sends the pending weekly report e-mails, each under its row lock (`for update skip locked`: two
 * instances never send one twice). SMTP has no idempotency: a crash after the server accepted a mail and before the commit
 * sends it again on the next run, with the same Message-ID.
 */
@Injectable()
export class DeliverReportEmails {
  constructor(
    private readonly em: EntityManager,
    private readonly mailer: Mailer,
    private readonly clock: Clock,
  ) {}

  async execute(): Promise<DeliveryResult> {
    const result: DeliveryResult = { sent: [], failed: [] };
    if (!this.mailer.enabled) return result;
    const tried: number[] = [];
    for (;;) {
      const done = await this.em.fork().transactional(async (em) => {
        const [row] = await em.find(
          ReportDeliveryRow,
          { status: 'pending', channel: 'email', ...(tried.length ? { id: { $nin: tried } } : {}) },
          { orderBy: { id: 'asc' }, limit: 1, lockMode: LockMode.PESSIMISTIC_PARTIAL_WRITE },
        );
        if (!row) return false;
        tried.push(row.id);
        const report = await em.findOneOrFail(WeeklyReportRow, { isoWeek: row.isoWeek });
        row.attempts += 1;
        row.updatedAt = this.clock.now();
        try {
          await this.mailer.send(weeklyReportEmail(report.report), `<${report.reportId}@vigie.reporting>`);
          Object.assign(row, { status: 'sent', sentAt: this.clock.now(), lastError: null });
          result.sent.push(row.isoWeek);
        } catch (e) {
          const error = (e as Error).message.slice(0, 2000);
          Object.assign(row, { lastError: error, status: row.attempts >= MAX_EMAIL_ATTEMPTS ? 'failed' : 'pending' });
          result.failed.push({ isoWeek: row.isoWeek, error });
        }
        return true;
      });
      if (!done) return result;
    }
  }
}
