import { type BeforeApplicationShutdown, Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { ConsumerRegistry } from '@vigie/health';
import { MONITOR_CONFIG, type MonitorConfig } from '../config';
import { EmitTick } from '../usecases/emit-tick/emit-tick.usecase';
import { IntervalLoop } from './interval-loop';

/** Emits a tick every MONITOR_TICK_INTERVAL_MS; shown as `consumer:monitor-ticks` in /health/ready. */
@Injectable()
export class TickLoop implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly loop: IntervalLoop;

  constructor(
    @Inject(MONITOR_CONFIG) config: MonitorConfig,
    emitTick: EmitTick,
    private readonly registry: ConsumerRegistry,
  ) {
    this.loop = new IntervalLoop('monitor-ticks', config.MONITOR_TICK_INTERVAL_MS, () => emitTick.execute());
  }

  onApplicationBootstrap(): void {
    this.registry.register(this.loop.name, this.loop);
    this.loop.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.loop.stop();
  }
}
