import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { DomainError } from '@vigie/health';
import { StartRun } from '../usecases/start-run/start-run.usecase';
import { TargetRegistry } from './target-registry';

/**
 * Starts a run of each target with a `scheduleMs` every that many ms, the first one interval after
 * boot (a restart loop must not become an export loop). A tick while the previous run still
 * retries is skipped.
 */
@Injectable()
export class RunScheduler implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(RunScheduler.name);
  private readonly timers: NodeJS.Timeout[] = [];

  constructor(
    private readonly targets: TargetRegistry,
    private readonly startRun: StartRun,
  ) {}

  onApplicationBootstrap(): void {
    for (const { config } of this.targets.all()) {
      if (config.scheduleMs <= 0) continue;
      this.timers.push(setInterval(() => this.tick(config.name), config.scheduleMs));
      this.logger.log(`target ${config.name} runs every ${config.scheduleMs} ms`);
    }
  }

  onModuleDestroy(): void {
    for (const timer of this.timers) clearInterval(timer);
    this.timers.length = 0;
  }

  private tick(target: string): void {
    this.startRun.execute({ target, trigger: 'schedule' }).catch((e) => {
      if (e instanceof DomainError && (e.code === 'sync.target-busy' || e.code === 'sync.shutting-down')) {
        this.logger.debug(`scheduled run of ${target} skipped: ${e.message}`);
        return;
      }
      this.logger.warn(`scheduled run of ${target} not started: ${(e as Error)?.message ?? e}`);
    });
  }
}
