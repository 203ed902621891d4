import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { AnalyzeTrends } from './analyze-trends.usecase';

export const RECOMMENDATIONS_OPTIONS = Symbol('RECOMMENDATIONS_OPTIONS');

export interface RecommendationsOptions {
  intervalMs: number;
}

/** Recomputes the recommendations every `intervalMs`; a run still going when the next is due is not doubled. */
@Injectable()
export class RecommendationsScheduler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(RecommendationsScheduler.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    private readonly analyze: AnalyzeTrends,
    @Inject(RECOMMENDATIONS_OPTIONS) private readonly options: RecommendationsOptions,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => this.tick(), this.options.intervalMs);
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  private tick(): void {
    if (this.running) return;
    this.running = this.analyze
      .execute()
      .then(() => undefined)
      .catch((e) => this.logger.warn(`recommendations not analysed: ${(e as Error).message}`))
      .finally(() => {
        this.running = undefined;
      });
  }
}
