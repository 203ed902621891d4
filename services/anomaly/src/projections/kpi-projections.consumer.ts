import { DURABLES } from '@vigie/contracts';
import { Inject, Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { ConsumerRegistry } from '@vigie/health';
import { Bus, startBatchConsumer, type ConsumerHandle } from '@vigie/messaging';
import type { KpiProjection } from './kpi-projection';
import { ProjectKpis } from './project-kpis.usecase';

export const KPI_PROJECTION_LIST = Symbol('KPI_PROJECTION_LIST');

/** `<service>-<purpose>`; one durable of this name per input stream, apart from the detectors' own. */
export const PROJECTIONS_DURABLE = DURABLES.anomalyProjections;

/** Thin edge: one durable per projected stream → ProjectKpis, a batch per transaction → ack. */
@Injectable()
export class KpiProjectionsConsumer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly handles: ConsumerHandle[] = [];

  constructor(
    private readonly bus: Bus,
    private readonly project: ProjectKpis,
    private readonly registry: ConsumerRegistry,
    @Inject(KPI_PROJECTION_LIST) private readonly projections: readonly KpiProjection[],
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    for (const projection of this.projections) {
      const handle = await startBatchConsumer(this.bus, {
        stream: projection.stream,
        durable: PROJECTIONS_DURABLE,
        ...(projection.decode ? { decode: projection.decode } : {}),
        handler: async (items) => {
          await this.project.executeBatch(
            projection,
            items.map(({ event, ctx }) => ({ seq: ctx.seq, input: event })),
          );
        },
      });
      this.handles.push(handle);
      this.registry.register(`${PROJECTIONS_DURABLE}:${projection.stream}`, handle);
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all(this.handles.map((h) => h.stop()));
    for (const h of this.handles) this.registry.unregister(`${PROJECTIONS_DURABLE}:${h.stream}`);
  }
}
