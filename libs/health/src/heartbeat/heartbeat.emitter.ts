import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  Optional,
} from '@nestjs/common';
import { createEvent } from '@vigie/contracts';
import { EventPublisher } from '@vigie/messaging';
import { MetricsService } from '../metrics.service';
import { DEFAULT_HEARTBEAT_INTERVAL_MS, HEARTBEAT_OPTIONS, type HeartbeatOptions } from './heartbeat.options';
import { newInstanceId, packageVersion } from './instance';

/** How long shutdown waits for a heartbeat being published; NATS retries could otherwise hold it for seconds. */
const SHUTDOWN_WAIT_MS = 1000;

/**
 * Publishes `ops.heartbeat.emitted` at boot and then every interval. A failed publish is logged and
 * simply left to the next beat: a heartbeat is only worth something when it is fresh.
 */
@Injectable()
export class HeartbeatEmitter implements OnApplicationBootstrap, BeforeApplicationShutdown {
  readonly instanceId: string;
  readonly version: string;
  readonly startedAt = new Date().toISOString();
  private readonly logger = new Logger('Heartbeat');
  private readonly intervalMs: number;
  private timer?: NodeJS.Timeout;
  private inFlight?: Promise<void>;
  private stopped = false;
  private failing = false;

  constructor(
    @Inject(HEARTBEAT_OPTIONS) private readonly options: HeartbeatOptions,
    private readonly publisher: EventPublisher,
    @Optional() private readonly metrics?: MetricsService,
  ) {
    this.instanceId = newInstanceId(options.service);
    this.version = options.version ?? packageVersion();
    this.intervalMs = options.intervalMs ?? DEFAULT_HEARTBEAT_INTERVAL_MS;
  }

  onApplicationBootstrap(): void {
    this.beat();
    this.timer = setInterval(() => this.beat(), this.intervalMs);
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    const inFlight = this.inFlight;
    if (!inFlight) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([inFlight, new Promise((resolve) => (timer = setTimeout(resolve, SHUTDOWN_WAIT_MS)))]);
    clearTimeout(timer);
  }

  private beat(): void {
    // A beat still retrying its publish (NATS down) is not doubled by the next one.
    if (this.stopped || this.inFlight) return;
    this.inFlight = this.publish().finally(() => (this.inFlight = undefined));
  }

  private async publish(): Promise<void> {
    const { service } = this.options;
    try {
      const event = createEvent(
        'ops.heartbeat.emitted',
        { service, instanceId: this.instanceId, version: this.version, startedAt: this.startedAt },
        { source: service, siteId: 'global' },
      );
      await this.publisher.publish(event);
      this.metrics?.eventsPublished.inc({ stream: 'OPS', type: event.type });
      if (this.failing) this.logger.log('heartbeats are published again');
      this.failing = false;
    } catch (e) {
      if (this.stopped) return;
      this.failing = true;
      this.logger.warn(`heartbeat not published, next try in ${this.intervalMs} ms: ${(e as Error).message}`);
    }
  }
}
