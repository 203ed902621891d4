import { Inject, Injectable, Logger } from '@nestjs/common';
import { createEvent } from '@vigie/contracts';
import { MetricsService } from '@vigie/health';
import { EventPublisher } from '@vigie/messaging';
import type { Counter, Gauge } from 'prom-client';
import { Clock } from '../../clock';
import { MONITOR_CONFIG, SERVICE, type MonitorConfig } from '../../config';
import { StartupGrace } from '../../domain/startup-grace';
import type { ProbeResult, TargetStatus } from '../../domain/target-status';
import { FallbackAlerter } from '../../fallback/fallback-alerter';
import { probeTarget } from '../../probes/http-probe';
import { TargetStatusStore } from '../../targets/target-status.store';

/** Long enough for a restarting process to take its port back, short enough to stay within the round. */
export const RETRY_DELAY_MS = 250;

/**
 * One probe round: every target's /health/ready at once, the results kept in memory, the fallback
 * checked, then one `ops.probe.completed` per target published in the background.
 */
@Injectable()
export class RunProbeRound {
  private readonly logger = new Logger(RunProbeRound.name);
  private readonly up: Gauge<'target'>;
  private readonly latency: Gauge<'target'>;
  private readonly dropped: Counter;
  private publishing?: Promise<void>;
  private publishFailing = false;
  private readonly grace: StartupGrace;

  constructor(
    @Inject(MONITOR_CONFIG) private readonly config: MonitorConfig,
    private readonly store: TargetStatusStore,
    private readonly fallback: FallbackAlerter,
    private readonly publisher: EventPublisher,
    private readonly clock: Clock,
    private readonly metrics: MetricsService,
  ) {
    this.up = metrics.gauge('vigie_monitor_target_up', '1 when the latest probe of the target passed', ['target']);
    this.latency = metrics.gauge('vigie_monitor_probe_latency_ms', 'Latency of the latest probe of the target', ['target']);
    this.grace = new StartupGrace(clock.now(), config.MONITOR_STARTUP_GRACE_MS);
    this.dropped = metrics.counter(
      'vigie_monitor_probe_results_unpublished_total',
      'Probe results not published because the previous round was still being published',
    );
  }

  async execute(signal?: AbortSignal): Promise<TargetStatus[]> {
    const results = await Promise.all(
      this.store.targets().map(async (t): Promise<ProbeResult> => {
        const outcome = await probeTarget(t.url, { timeoutMs: this.config.MONITOR_PROBE_TIMEOUT_MS, retryDelayMs: RETRY_DELAY_MS, signal });
        return { target: t.name, ...outcome, checkedAt: this.clock.now() };
      }),
    );
    // Probes cut short by shutdown say nothing about the targets.
    if (signal?.aborted) return this.store.all();
    for (const r of results) {
      this.store.record(r);
      this.up.set({ target: r.target }, r.ok ? 1 : 0);
      this.latency.set({ target: r.target }, r.latencyMs);
    }
    try {
      await this.fallback.check(this.store.get(this.fallback.watched), this.clock.now());
    } catch (e) {
      // The fallback is the last resort, not a reason to stop reporting what the probes saw.
      this.logger.error(`fallback check failed: ${(e as Error).message}`);
    }
    // /targets and the fallback see every result; a target still booting with the monitor is not announced yet.
    this.publish(results.filter((r) => this.grace.announces(r)));
    return this.store.all();
  }

  /** Waits (at most `maxMs`) for the results being published: called at shutdown, before the bus drains. */
  async flush(maxMs: number): Promise<void> {
    if (!this.publishing) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.publishing, new Promise((resolve) => (timer = setTimeout(resolve, maxMs)))]);
    clearTimeout(timer);
  }

  /**
   * While NATS is away a publish retries for many seconds; probing, /targets and the fallback must not
   * wait for it, so a round whose predecessor is still being published is not published at all.
   */
  private publish(results: ProbeResult[]): void {
    if (results.length === 0) return;
    if (this.publishing) {
      this.dropped.inc(results.length);
      return;
    }
    this.publishing = this.publishAll(results).finally(() => (this.publishing = undefined));
  }

  private async publishAll(results: ProbeResult[]): Promise<void> {
    const settled = await Promise.allSettled(
      results.map(async (r) => {
        const event = createEvent(
          'ops.probe.completed',
          {
            target: r.target,
            ok: r.ok,
            latencyMs: r.latencyMs,
            ...(r.status === undefined ? {} : { status: r.status }),
            ...(r.error === undefined ? {} : { error: r.error }),
          },
          { source: SERVICE, siteId: 'global', occurredAt: r.checkedAt },
        );
        await this.publisher.publish(event);
        this.metrics.eventsPublished.inc({ stream: 'OPS', type: event.type });
      }),
    );
    const failed = settled.filter((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failed.length === 0) {
      if (this.publishFailing) this.logger.log('probe results are published again');
      this.publishFailing = false;
    } else if (!this.publishFailing) {
      this.publishFailing = true;
      this.logger.warn(`${failed.length} probe result(s) not published: ${(failed[0].reason as Error).message}`);
    }
  }
}
