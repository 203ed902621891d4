import { Injectable, Logger } from '@nestjs/common';
import type { ErrorInfo } from '@vigie/contracts';
import { MetricsService } from '@vigie/health';
import { setTimeout as sleep } from 'node:timers/promises';
import { Clock } from '../../clock';
import { RetryPolicy } from '../../domain/retry-policy';
import { TargetRegistry, type RegisteredTarget } from '../../runs/target-registry';
import { TargetError, type ExportBatch } from '../../targets/target';
import { RunJournal, type RunRef } from './run-journal';

export interface RunJob extends RunRef {
  batch: ExportBatch;
}

type Outcome = { ok: true; itemCount: number } | { ok: false; error: ErrorInfo; retryable: boolean };

const INTERRUPTED: Outcome = {
  ok: false,
  error: { code: 'sync.interrupted', message: 'the sync service stopped during the run' },
  retryable: false,
};

/**
 * Runs the attempts of one started run: each through the target's breaker with its own timeout,
 * failed ones retried after an exponential backoff until one succeeds, a failure cannot be retried,
 * the attempts run out or `stop` aborts. Every outcome is journaled (row + event) before the next step.
 */
@Injectable()
export class ExecuteRun {
  private readonly logger = new Logger(ExecuteRun.name);

  constructor(
    private readonly targets: TargetRegistry,
    private readonly journal: RunJournal,
    private readonly policy: RetryPolicy,
    private readonly clock: Clock,
    private readonly metrics: MetricsService,
  ) {}

  async execute(job: RunJob, stop: AbortSignal): Promise<'succeeded' | 'failed'> {
    const registered = this.targets.get(job.target);
    if (!registered) throw new Error(`target ${job.target} is not configured`);
    for (let attempt = 1; ; attempt++) {
      const startedAt = this.clock.now().getTime();
      const outcome = stop.aborted ? INTERRUPTED : await this.attempt(registered, job.batch, stop);
      const durationMs = Math.max(0, this.clock.now().getTime() - startedAt);
      this.countAttempt(job.target, outcome.ok ? 'succeeded' : outcome.error.code);
      if (outcome.ok) {
        await this.journal.succeeded(job, attempt, outcome.itemCount, durationMs);
        this.countRun(job.target, 'succeeded');
        return 'succeeded';
      }
      const final = !outcome.retryable || this.policy.isLast(attempt);
      const { code, message } = outcome.error;
      this.logger.warn(
        `run ${job.runId} of ${job.target}: attempt ${attempt}/${this.policy.maxAttempts} failed (${code}: ${message})` +
          (final ? ', giving up' : ''),
      );
      const recorded = await this.journal.attemptFailed(job, attempt, outcome.error, durationMs, final);
      if (final || !recorded) {
        this.countRun(job.target, 'failed');
        return 'failed';
      }
      await sleep(this.policy.delayAfter(attempt), undefined, { signal: stop }).catch(() => undefined);
    }
  }

  private async attempt({ config, breaker }: RegisteredTarget, batch: ExportBatch, stop: AbortSignal): Promise<Outcome> {
    const timeout = AbortSignal.timeout(config.timeoutMs);
    try {
      const result = await breaker.fire(batch, AbortSignal.any([stop, timeout]));
      return { ok: true, itemCount: result.itemCount };
    } catch (e) {
      if ((e as { code?: string }).code === 'EOPENBREAKER') {
        return {
          ok: false,
          error: { code: 'sync.circuit-open', message: 'the breaker of this target is open after repeated failures: attempt not made' },
          retryable: true,
        };
      }
      if (stop.aborted) return INTERRUPTED;
      if (timeout.aborted) {
        return { ok: false, error: { code: 'sync.timeout', message: `no answer within ${config.timeoutMs} ms` }, retryable: true };
      }
      if (e instanceof TargetError) return { ok: false, error: { code: e.code, message: e.message }, retryable: e.retryable };
      this.logger.error(`target ${config.name} failed in an unexpected way: ${(e as Error)?.stack ?? String(e)}`);
      const what = (e as Error)?.name ?? typeof e;
      return { ok: false, error: { code: 'sync.unexpected', message: `unexpected error (${what})` }, retryable: true };
    }
  }

  private countAttempt(target: string, result: string): void {
    this.metrics
      .counter('vigie_sync_attempts_total', 'Sync attempts by target and result (succeeded or error code)', ['target', 'result'])
      .inc({ target, result });
  }

  private countRun(target: string, status: 'succeeded' | 'failed'): void {
    this.metrics.counter('vigie_sync_runs_total', 'Finished sync runs by target and status', ['target', 'status']).inc({ target, status });
  }
}
