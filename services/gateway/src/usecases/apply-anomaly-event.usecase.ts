import { Injectable } from '@nestjs/common';
import type { AnomalyEventType, Envelope } from '@vigie/contracts';
import { LiveFeed } from '../live/live-feed';
import { toAnomalyView } from '../projections/anomaly-view.evolve';
import { AnomalyViewProjection } from '../projections/anomaly-view.projection';

/** Projects one ANOMALY event, then pushes the committed view to live dashboards. */
@Injectable()
export class ApplyAnomalyEvent {
  constructor(
    private readonly projection: AnomalyViewProjection,
    private readonly live: LiveFeed,
  ) {}

  async execute(event: Envelope<AnomalyEventType>, seq: number): Promise<{ applied: boolean }> {
    const view = await this.projection.apply(event, seq);
    if (!view) return { applied: false };
    await this.live.publish({ seq, eventType: event.type, anomaly: toAnomalyView(view) });
    return { applied: true };
  }
}
