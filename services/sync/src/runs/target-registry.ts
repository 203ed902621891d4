import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { MetricsService } from '@vigie/health';
import CircuitBreaker from 'opossum';
import type { SyncConfig, TargetConfig } from '../config';
import { TARGET_KINDS } from '../targets';
import type { ExportBatch, ExportResult, SyncTarget } from '../targets/target';
import { SYNC_CONFIG } from './sync-config.token';
import { untilAborted } from './until-aborted';

export type BreakerState = 'closed' | 'half-open' | 'open';

const GAUGE_VALUE: Record<BreakerState, number> = { closed: 0, 'half-open': 1, open: 2 };

export interface RegisteredTarget {
  config: TargetConfig;
  target: SyncTarget;
  /** Every attempt on the target goes through it; it fails fast (`EOPENBREAKER`) while open. */
  breaker: CircuitBreaker<[ExportBatch, AbortSignal], ExportResult>;
}

/** The configured targets, each with its own opossum breaker, and the breaker-state gauge. */
@Injectable()
export class TargetRegistry implements OnApplicationShutdown {
  private readonly logger = new Logger(TargetRegistry.name);
  private readonly targets = new Map<string, RegisteredTarget>();

  constructor(@Inject(SYNC_CONFIG) config: SyncConfig, metrics: MetricsService) {
    const gauge = metrics.gauge('vigie_sync_breaker_state', 'Breaker of each sync target: 0 closed, 1 half-open, 2 open', ['target']);
    for (const targetConfig of config.targets) {
      const kind = TARGET_KINDS.find((k) => k.kind === targetConfig.kind);
      if (!kind) throw new Error(`target ${targetConfig.name}: unknown kind ${targetConfig.kind}`);
      const target = kind.create(targetConfig.name, targetConfig.options);
      const breaker = new CircuitBreaker((batch: ExportBatch, signal: AbortSignal) => untilAborted(target.export(batch, signal), signal), {
        name: target.name,
        // Each attempt carries its own timeout signal (the target aborts its I/O); the breaker only counts.
        timeout: false,
        errorThresholdPercentage: config.SYNC_BREAKER_ERROR_PERCENT,
        volumeThreshold: config.SYNC_BREAKER_VOLUME,
        rollingCountTimeout: config.SYNC_BREAKER_WINDOW_MS,
        rollingCountBuckets: 10,
        resetTimeout: config.SYNC_BREAKER_RESET_MS,
        enableSnapshots: false,
      });
      const report = (state: BreakerState) => gauge.set({ target: target.name }, GAUGE_VALUE[state]);
      breaker.on('open', () => {
        report('open');
        this.logger.warn(`breaker of target ${target.name} opened: attempts fail fast for ${config.SYNC_BREAKER_RESET_MS} ms`);
      });
      breaker.on('halfOpen', () => {
        report('half-open');
        this.logger.log(`breaker of target ${target.name} half-open: the next attempt is a trial`);
      });
      breaker.on('close', () => {
        report('closed');
        this.logger.log(`breaker of target ${target.name} closed`);
      });
      report('closed');
      this.targets.set(target.name, { config: targetConfig, target, breaker });
    }
    if (this.targets.size === 0) this.logger.warn('no sync target configured (SYNC_TARGETS): nothing to run');
  }

  get(name: string): RegisteredTarget | undefined {
    return this.targets.get(name);
  }

  all(): RegisteredTarget[] {
    return [...this.targets.values()];
  }

  stateOf(name: string): BreakerState {
    const breaker = this.targets.get(name)?.breaker;
    if (!breaker || breaker.closed) return 'closed';
    return breaker.halfOpen ? 'half-open' : 'open';
  }

  onApplicationShutdown(): void {
    for (const { breaker } of this.targets.values()) breaker.shutdown();
  }
}
