import { Injectable } from '@nestjs/common';
import type { AnyEvent } from '@vigie/contracts';
import { LiveGateway } from '../live/live.gateway';
import { ServiceHealthProjection } from '../projections/service-health.projection';

/** Projects one OPS event, then tells live dashboards when a service went down or came back. */
@Injectable()
export class ApplyOpsEvent {
  constructor(
    private readonly projection: ServiceHealthProjection,
    private readonly live: LiveGateway,
  ) {}

  async execute(event: AnyEvent, seq: number): Promise<{ applied: boolean }> {
    const { applied, change } = await this.projection.apply(event, seq);
    if (change) this.live.broadcastHealth(change);
    return { applied };
  }
}
