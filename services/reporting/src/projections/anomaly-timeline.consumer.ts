import { Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { ConsumerRegistry } from '@vigie/health';
import { Bus, startConsumer, type ConsumerHandle } from '@vigie/messaging';
import { ProjectAnomalyTimeline } from './project-anomaly-timeline.usecase';

/** `<service>-<purpose>` (the lead may move it to DURABLES in contracts). */
export const ANOMALY_TIMELINE_DURABLE = 'reporting-anomalies';

/** Thin edge: ANOMALY → ProjectAnomalyTimeline → ack. */
@Injectable()
export class AnomalyTimelineConsumer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private handle?: ConsumerHandle;

  constructor(
    private readonly bus: Bus,
    private readonly project: ProjectAnomalyTimeline,
    private readonly registry: ConsumerRegistry,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.handle = await startConsumer(this.bus, {
      stream: 'ANOMALY',
      durable: ANOMALY_TIMELINE_DURABLE,
      handler: async (event) => {
        await this.project.execute(event);
      },
    });
    this.registry.register(ANOMALY_TIMELINE_DURABLE, this.handle);
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.handle?.stop();
    this.registry.unregister(ANOMALY_TIMELINE_DURABLE);
  }
}
