import { Injectable } from '@nestjs/common';
import { LiveGateway } from '../live/live.gateway';
import { ServiceHealthProjection, type SequencedEvent } from '../projections/service-health.projection';

/** Projects a batch of OPS events, then tells live dashboards which services went down or came back. */
@Injectable()
export class ApplyOpsEvents {
  constructor(
    private readonly projection: ServiceHealthProjection,
    private readonly live: LiveGateway,
  ) {}

  async execute(batch: readonly SequencedEvent[]): Promise<{ applied: number }> {
    const { applied, changes } = await this.projection.apply(batch);
    for (const change of changes) this.live.broadcastHealth(change);
    return { applied };
  }
}
