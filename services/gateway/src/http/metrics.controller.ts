import { Controller, Get } from '@nestjs/common';
import {
  DailyMetricsQuery,
  KpiQuery,
  type DailyMetrics,
  type KpiListResponse,
  type PipelineMetrics,
} from '@vigie/contracts';
import { ZodQuery } from '@vigie/health';
import { PipelineSampler } from '../metrics/pipeline-sampler';
import { AnomalyServiceClient } from '../upstream/anomaly-service.client';
import { GetDailyMetrics } from '../usecases/get-daily-metrics.usecase';

/** KPIs (the anomaly service's daily rows), daily series for charts, and JetStream as sampled here. */
@Controller('api')
export class MetricsController {
  constructor(
    private readonly anomaly: AnomalyServiceClient,
    private readonly daily: GetDailyMetrics,
    private readonly pipeline: PipelineSampler,
  ) {}

  @Get('kpis')
  kpis(@ZodQuery(KpiQuery) query: KpiQuery): Promise<KpiListResponse> {
    return this.anomaly.kpis(query);
  }

  @Get('metrics/daily')
  dailyMetrics(@ZodQuery(DailyMetricsQuery) query: DailyMetricsQuery): Promise<DailyMetrics> {
    return this.daily.execute(query);
  }

  @Get('metrics/pipeline')
  pipelineMetrics(): PipelineMetrics {
    return this.pipeline.snapshot();
  }
}
