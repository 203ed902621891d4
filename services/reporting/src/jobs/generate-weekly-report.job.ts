import { Inject, Injectable } from '@nestjs/common';
import { REPORTING_CONFIG, type ReportingConfig } from '../config';
import { DeliverReportEmails } from '../usecases/deliver-report-emails/deliver-report-emails.usecase';
import { GenerateWeeklyReports } from '../usecases/generate-weekly-reports/generate-weekly-reports.usecase';
import type { JobSummary, ScheduledJob } from './job';

/** Every Monday 08:00 Paris by default: last week's report (and any week missed), then its e-mail. */
@Injectable()
export class GenerateWeeklyReportJob implements ScheduledJob {
  readonly name = 'reporting.generate-weekly-report';
  readonly description = 'Rapport hebdomadaire de la semaine précédente (et rattrapage des semaines manquées)';
  readonly schedule: ScheduledJob['schedule'];
  readonly runAtBoot = true;
  readonly retry = { delayMs: 5 * 60_000, maxRetries: 5 };

  constructor(
    private readonly generate: GenerateWeeklyReports,
    private readonly deliver: DeliverReportEmails,
    @Inject(REPORTING_CONFIG) config: ReportingConfig,
  ) {
    this.schedule = { cron: config.REPORT_CRON, timeZone: config.REPORT_TIMEZONE };
  }

  async run(): Promise<JobSummary> {
    const generation = await this.generate.execute();
    const emails = await this.deliver.execute();
    if (emails.failed.length > 0) {
      const what = emails.failed.map((f) => `${f.isoWeek}: ${f.error}`).join('; ');
      throw new Error(`report(s) ${generation.generated.join(', ') || 'already'} generated, e-mail not sent (${what})`);
    }
    return { ...generation, emailed: emails.sent };
  }
}
