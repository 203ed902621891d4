import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { ExecuteRun, type RunJob } from '../usecases/execute-run/execute-run.usecase';
import { RecoverInterruptedRuns } from '../usecases/recover-interrupted-runs/recover-interrupted-runs.usecase';

/**
 * Where started runs execute, in the background of the request that started them. At boot it first
 * closes the runs a previous process left running; at shutdown it interrupts the runs in progress
 * (each is recorded as failed `sync.interrupted`) and waits for them to be recorded.
 */
@Injectable()
export class RunExecutor implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(RunExecutor.name);
  private readonly inProgress = new Map<string, Promise<void>>();
  private readonly stopping = new AbortController();

  constructor(
    private readonly executeRun: ExecuteRun,
    private readonly recoverInterruptedRuns: RecoverInterruptedRuns,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.recoverInterruptedRuns.execute();
  }

  get accepting(): boolean {
    return !this.stopping.signal.aborted;
  }

  launch(job: RunJob): void {
    const done = this.executeRun
      .execute(job, this.stopping.signal)
      .then(
        () => undefined,
        // The run stays `running` in the database; the next boot records it as interrupted.
        (e) => this.logger.error(`run ${job.runId} of ${job.target} could not be recorded: ${(e as Error)?.message ?? e}`),
      )
      .finally(() => this.inProgress.delete(job.runId));
    this.inProgress.set(job.runId, done);
  }

  async onModuleDestroy(): Promise<void> {
    this.stopping.abort(new Error('the sync service is stopping'));
    await Promise.allSettled([...this.inProgress.values()]);
  }
}
