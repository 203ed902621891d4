import type { ProbeResult } from './target-status';

/**
 * Services started together with the monitor (a deploy, `npm start`, a host reboot) take a few seconds to
 * become ready; their first failed probes would raise `service.unhealthy` for every one of them. So, for
 * `graceMs` after the monitor starts, a failed probe of a target that has not yet passed one is not
 * announced. A target that was up once, or still failing when the grace ends, is reported as usual.
 */
export class StartupGrace {
  private readonly seenUp = new Set<string>();

  constructor(
    private readonly startedAt: Date,
    private readonly graceMs: number,
  ) {}

  /** Whether this result is announced (`ops.probe.completed`); remembers the targets seen up. */
  announces(result: ProbeResult): boolean {
    if (result.ok) {
      this.seenUp.add(result.target);
      return true;
    }
    return this.seenUp.has(result.target) || result.checkedAt.getTime() - this.startedAt.getTime() >= this.graceMs;
  }
}
