import { Injectable } from '@nestjs/common';
import type { AnomalyView } from '@vigie/contracts';
import { DomainError } from '@vigie/health';
import { toAnomalyView } from '../projections/anomaly-view.evolve';
import { AnomalyViewRepository } from '../projections/anomaly-view.repository';

@Injectable()
export class GetAnomaly {
  constructor(private readonly views: AnomalyViewRepository) {}

  async execute(anomalyId: string): Promise<AnomalyView> {
    const view = await this.views.get(anomalyId);
    if (!view) throw new DomainError('anomaly.not-found', `no anomaly ${anomalyId}`, 404);
    return toAnomalyView(view);
  }
}
