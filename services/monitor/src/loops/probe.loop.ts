import { type BeforeApplicationShutdown, Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { ConsumerRegistry } from '@vigie/health';
import { MONITOR_CONFIG, type MonitorConfig } from '../config';
import { RunProbeRound } from '../usecases/run-probe-round/run-probe-round.usecase';
import { IntervalLoop } from './interval-loop';

const FLUSH_AT_SHUTDOWN_MS = 1000;

/** Runs a probe round every MONITOR_PROBE_INTERVAL_MS; shown as `consumer:monitor-probes` in /health/ready. */
@Injectable()
export class ProbeLoop implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly loop: IntervalLoop;

  constructor(
    @Inject(MONITOR_CONFIG) config: MonitorConfig,
    private readonly round: RunProbeRound,
    private readonly registry: ConsumerRegistry,
  ) {
    this.loop = new IntervalLoop('monitor-probes', config.MONITOR_PROBE_INTERVAL_MS, (signal) => round.execute(signal));
  }

  onApplicationBootstrap(): void {
    this.registry.register(this.loop.name, this.loop);
    this.loop.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.loop.stop();
    await this.round.flush(FLUSH_AT_SHUTDOWN_MS);
  }
}
