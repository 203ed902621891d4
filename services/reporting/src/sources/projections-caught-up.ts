import { Injectable, type BeforeApplicationShutdown } from '@nestjs/common';
import { DETECTOR_INPUT_STREAMS, DURABLES, type StreamId } from '@vigie/contracts';
import { Bus } from '@vigie/messaging';
import { ANOMALY_TIMELINE_DURABLE } from '../projections/anomaly-timeline.consumer';

export interface ReportInput {
  stream: StreamId;
  durable: string;
  /** False for a durable that exists only when some detector reads that stream. */
  required: boolean;
}

/**
 * What a report reads, in the order to wait for it: the anomaly detectors (they publish their ANOMALY
 * events before they ack), the anomaly service's `kpi_daily` (one durable per stream), then our own
 * timeline of ANOMALY — last, so it sees what the detectors published.
 */
export const REPORT_INPUTS: readonly ReportInput[] = [
  ...DETECTOR_INPUT_STREAMS.map((stream) => ({ stream, durable: DURABLES.anomalyDetectors, required: false })),
  ...DETECTOR_INPUT_STREAMS.map((stream) => ({ stream, durable: DURABLES.anomalyProjections, required: true })),
  { stream: 'ANOMALY', durable: ANOMALY_TIMELINE_DURABLE, required: true },
];

const POLL_MS = 250;

/**
 * A report is stored once and never recomputed, so it waits until every projection it reads has
 * committed what its stream held when the wait began (a projection acks after its commit).
 */
@Injectable()
export class ProjectionsCaughtUp implements BeforeApplicationShutdown {
  /** Ends every wait at shutdown, so a stopping service does not hold a report's run until its deadline. */
  private readonly stopping = new AbortController();

  constructor(private readonly bus: Bus) {}

  beforeApplicationShutdown(): void {
    this.stopping.abort();
  }

  async wait(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    const stopping = this.stopping.signal;
    for (const { stream, durable, required } of REPORT_INPUTS) {
      if (stopping.aborted) throw new Error('the reporting service is stopping');
      const name = this.bus.topo.streamName(stream);
      const target = (await this.bus.jsm.streams.info(name)).state.last_seq;
      for (;;) {
        const lag = await this.lag(name, durable, target);
        if (lag === 0 || (lag === null && !required)) break;
        if (Date.now() >= deadline) {
          throw new Error(
            lag === null
              ? `projection ${durable} on ${name} does not exist (is its service running?)`
              : `projection ${durable} on ${name} is ${lag} message(s) behind`,
          );
        }
        if (stopping.aborted) throw new Error('the reporting service is stopping');
        await pause(POLL_MS, stopping);
      }
    }
  }

  /** Messages up to `target` not yet acked; null when the durable does not exist. */
  private async lag(stream: string, durable: string, target: number): Promise<number | null> {
    const info = await this.bus.jsm.consumers.info(stream, durable).catch(() => null);
    if (!info) return null;
    if (info.num_pending === 0 && info.num_ack_pending === 0) return 0;
    return Math.max(0, target - info.ack_floor.stream_seq);
  }
}

/** Resolves after `ms`, or at once when `signal` aborts. */
function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
  });
}
