import { Controller, Get } from '@nestjs/common';
import { AnomalyListQuery, type AnomalyListResponse, type AnomalyView } from '@vigie/contracts';
import { ZodParam, ZodQuery } from '@vigie/health';
import { GetAnomaly } from '../usecases/get-anomaly.usecase';
import { ListAnomalies } from '../usecases/list-anomalies.usecase';
import { AnomalyId } from './anomaly-actions.controller';

/** Admin read API (the global ApiAuthGuard admits admins and super-admins). */
@Controller('api/anomalies')
export class AnomaliesController {
  constructor(
    private readonly listAnomalies: ListAnomalies,
    private readonly getAnomaly: GetAnomaly,
  ) {}

  @Get()
  list(@ZodQuery(AnomalyListQuery) query: AnomalyListQuery): Promise<AnomalyListResponse> {
    return this.listAnomalies.execute(query);
  }

  @Get(':id')
  get(@ZodParam('id', AnomalyId) id: string): Promise<AnomalyView> {
    return this.getAnomaly.execute(id);
  }
}
