import { Controller, Get } from '@nestjs/common';
import type { RecommendationListResponse } from '@vigie/contracts';
import { AnomalyServiceClient } from '../upstream/anomaly-service.client';

/** The active maintenance recommendations of the anomaly service. */
@Controller('api/recommendations')
export class RecommendationsController {
  constructor(private readonly anomaly: AnomalyServiceClient) {}

  @Get()
  list(): Promise<RecommendationListResponse> {
    return this.anomaly.recommendations();
  }
}
