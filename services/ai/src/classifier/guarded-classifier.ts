import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { MetricsService } from '@vigie/health';
import CircuitBreaker from 'opossum';
import { performance } from 'node:perf_hooks';
import type { Counter, Gauge, Histogram } from 'prom-client';
import { Clock } from '../clock';
import { ProviderError, type ClassificationProvider, type ClassifyInput, type ProviderAnswer } from '../providers/provider';

export const PRIMARY_PROVIDER = Symbol('PRIMARY_PROVIDER');
export const FALLBACK_PROVIDER = Symbol('FALLBACK_PROVIDER');
export const BREAKER_OPTIONS = Symbol('BREAKER_OPTIONS');

export interface BreakerOptions {
  /** A call slower than this fails (`ai.timeout`) and is aborted. */
  timeoutMs: number;
  /** Opens when more than this percentage of the calls in the window failed... */
  errorThresholdPercentage: number;
  /** ...and the window holds at least this many calls. */
  volumeThreshold: number;
  windowMs: number;
  /** Open this long, then one trial call decides between closed and open again. */
  resetMs: number;
}

export type FailureCode = 'ai.timeout' | 'ai.provider-error' | 'ai.circuit-open';
export type BreakerState = 'closed' | 'open' | 'half-open';

export interface ProviderFailure {
  /** The model of the provider that failed (not the fallback's). */
  model: string;
  code: FailureCode;
  /** What went wrong, never what was sent. */
  message: string;
  /** From the call to the failure: ≈ the timeout for `ai.timeout`, ≈ 0 for `ai.circuit-open`. */
  latencyMs: number;
  at: Date;
}

export interface GuardedAnswer {
  answer: ProviderAnswer;
  /** True when the configured provider failed and the fallback answered. */
  fallback: boolean;
  failure?: ProviderFailure;
  /** From the call to the answer, fallback included (monotonic clock). */
  latencyMs: number;
}

const STATES: readonly BreakerState[] = ['closed', 'open', 'half-open'];

/**
 * Runs the configured provider behind an opossum circuit breaker; when it fails, times out or the
 * breaker is open, the fallback (the local rules) answers and the failure is reported with it.
 */
@Injectable()
export class GuardedClassifier implements OnApplicationShutdown {
  private readonly logger = new Logger(GuardedClassifier.name);
  private readonly breaker: CircuitBreaker<[ClassifyInput, AbortSignal], ProviderAnswer>;
  private readonly stateGauge: Gauge<'model' | 'state'>;
  private readonly failures: Counter<'model' | 'code'>;
  private readonly answers: Counter<'model' | 'fallback'>;
  private readonly duration: Histogram<'model'>;

  constructor(
    @Inject(PRIMARY_PROVIDER) private readonly primary: ClassificationProvider,
    @Inject(FALLBACK_PROVIDER) private readonly fallback: ClassificationProvider,
    @Inject(BREAKER_OPTIONS) private readonly options: BreakerOptions,
    metrics: MetricsService,
    private readonly clock: Clock,
  ) {
    this.breaker = new CircuitBreaker((input: ClassifyInput, signal: AbortSignal) => primary.classify(input, signal), {
      name: `ai-provider-${primary.model}`,
      timeout: options.timeoutMs,
      errorThresholdPercentage: options.errorThresholdPercentage,
      volumeThreshold: options.volumeThreshold,
      rollingCountTimeout: options.windowMs,
      resetTimeout: options.resetMs,
    });
    this.stateGauge = metrics.gauge('vigie_ai_breaker_state', 'Circuit breaker of the AI provider: 1 on its current state', ['model', 'state']);
    this.failures = metrics.counter('vigie_ai_provider_failures_total', 'Failed calls to the AI provider, by error code', ['model', 'code']);
    this.answers = metrics.counter('vigie_ai_classifications_total', 'Classifications answered, by answering model', ['model', 'fallback']);
    this.duration = metrics.histogram(
      'vigie_ai_classification_duration_seconds',
      'Time to answer a classification, fallback included',
      ['model'],
      [0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5, 10],
    );
    this.showState();
    const changed = () => {
      this.showState();
      const line = `breaker of ${primary.model} is ${this.state}`;
      if (this.state === 'open') this.logger.warn(`${line}: the local rules answer instead`);
      else this.logger.log(line);
    };
    this.breaker.on('open', changed);
    this.breaker.on('halfOpen', changed);
    this.breaker.on('close', changed);
  }

  get state(): BreakerState {
    if (this.breaker.opened) return 'open';
    return this.breaker.halfOpen ? 'half-open' : 'closed';
  }

  get primaryModel(): string {
    return this.primary.model;
  }

  get fallbackModel(): string {
    return this.fallback.model;
  }

  async classify(input: ClassifyInput): Promise<GuardedAnswer> {
    const started = performance.now();
    const call = new AbortController();
    let result: Omit<GuardedAnswer, 'latencyMs'>;
    try {
      result = { answer: await this.breaker.fire(input, call.signal), fallback: false };
    } catch (e) {
      call.abort();
      const failure: ProviderFailure = { model: this.primary.model, ...this.describe(e), latencyMs: elapsedMs(started), at: this.clock.now() };
      this.failures.inc({ model: failure.model, code: failure.code });
      result = { answer: await this.fallback.classify(input), fallback: true, failure };
    }
    const latencyMs = elapsedMs(started);
    this.answers.inc({ model: result.answer.model, fallback: String(result.fallback) });
    this.duration.observe({ model: result.answer.model }, latencyMs / 1000);
    return { ...result, latencyMs };
  }

  onApplicationShutdown(): void {
    this.breaker.shutdown();
  }

  private describe(e: unknown): { code: FailureCode; message: string } {
    const ours = e instanceof Error && CircuitBreaker.isOurError(e);
    const code = (e as { code?: string } | undefined)?.code;
    if (ours && code === 'ETIMEDOUT') return { code: 'ai.timeout', message: `no answer within ${this.options.timeoutMs} ms` };
    if (ours && code === 'EOPENBREAKER') return { code: 'ai.circuit-open', message: 'circuit breaker open: the provider was not called' };
    if (e instanceof ProviderError) return { code: 'ai.provider-error', message: e.message };
    // An unexpected error's message may quote its input (the volunteer's text): keep only its kind.
    return { code: 'ai.provider-error', message: `provider failed (${e instanceof Error ? e.name : typeof e})` };
  }

  private showState(): void {
    for (const state of STATES) this.stateGauge.set({ model: this.primary.model, state }, state === this.state ? 1 : 0);
  }
}

function elapsedMs(started: number): number {
  return Math.round(performance.now() - started);
}
