import { type BeforeApplicationShutdown, Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { ConsumerRegistry } from '@vigie/health';
import { MONITOR_CONFIG, type MonitorConfig } from '../config';
import { SampleJetStream } from '../usecases/sample-jetstream/sample-jetstream.usecase';
import { IntervalLoop } from './interval-loop';

/** Samples streams and consumers every MONITOR_SAMPLE_INTERVAL_MS; shown as `consumer:monitor-samples` in /health/ready. */
@Injectable()
export class SampleLoop implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly loop: IntervalLoop;

  constructor(
    @Inject(MONITOR_CONFIG) config: MonitorConfig,
    sample: SampleJetStream,
    private readonly registry: ConsumerRegistry,
  ) {
    const every = config.MONITOR_SAMPLE_INTERVAL_MS ?? config.MONITOR_PROBE_INTERVAL_MS;
    this.loop = new IntervalLoop('monitor-samples', every, (signal) => sample.execute(signal));
  }

  onApplicationBootstrap(): void {
    this.registry.register(this.loop.name, this.loop);
    this.loop.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.loop.stop();
  }
}
