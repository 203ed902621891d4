import { Injectable } from '@nestjs/common';
import type { DailyMetrics, DailyMetricsQuery } from '@vigie/contracts';
import { AnomalyServiceClient } from '../upstream/anomaly-service.client';
import { dailyMetrics } from './daily-metrics';

/** Daily series for the metrics page, from the anomaly service's KPI projection. */
@Injectable()
export class GetDailyMetrics {
  constructor(private readonly anomaly: AnomalyServiceClient) {}

  async execute(query: DailyMetricsQuery): Promise<DailyMetrics> {
    const { items } = await this.anomaly.kpis(query);
    return dailyMetrics(items, query);
  }
}
