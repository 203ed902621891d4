import { Inject, Injectable } from '@nestjs/common';
import { Clock } from '../clock';
import { REPORTING_CONFIG, type ReportingConfig } from '../config';
import { localDay } from '../domain/iso-week';
import { AnomalyClient } from '../sources/anomaly-client';
import type { JobSummary, ScheduledJob } from './job';

/**
 * Daily: the anomaly service recomputes its maintenance recommendations from the KPI trends, as of
 * today by this service's clock (in the report's time zone), whatever else the projection holds.
 */
@Injectable()
export class AnalyzeRecommendationsJob implements ScheduledJob {
  readonly name = 'reporting.analyze-recommendations';
  readonly description = 'Analyse quotidienne des tendances : recommandations de maintenance';
  readonly schedule: ScheduledJob['schedule'];

  constructor(
    private readonly anomaly: AnomalyClient,
    private readonly clock: Clock,
    @Inject(REPORTING_CONFIG) config: ReportingConfig,
  ) {
    this.schedule = { cron: config.RECOMMENDATIONS_CRON, timeZone: config.REPORT_TIMEZONE };
  }

  async run(): Promise<JobSummary> {
    return { ...(await this.anomaly.analyzeRecommendations(localDay(this.clock.now(), this.schedule.timeZone))) };
  }
}
