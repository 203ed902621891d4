import { Injectable } from '@nestjs/common';
import type { AnomalyListQuery, AnomalyListResponse } from '@vigie/contracts';
import { toAnomalyView } from '../projections/anomaly-view.evolve';
import { AnomalyViewRepository } from '../projections/anomaly-view.repository';

@Injectable()
export class ListAnomalies {
  constructor(private readonly views: AnomalyViewRepository) {}

  /** `lastSeq` is read first: a view committed meanwhile is then newer than it, and the live resume sends it. */
  async execute(query: AnomalyListQuery): Promise<AnomalyListResponse> {
    const lastSeq = await this.views.lastSeq();
    const { items, total } = await this.views.list(query);
    return { items: items.map(toAnomalyView), total, lastSeq };
  }
}
