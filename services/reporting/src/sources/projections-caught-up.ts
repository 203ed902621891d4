import { Injectable } from '@nestjs/common';
import { DETECTOR_INPUT_STREAMS, DURABLES, type StreamId } from '@vigie/contracts';
import { Bus } from '@vigie/messaging';
import { ANOMALY_TIMELINE_DURABLE } from '../projections/anomaly-timeline.consumer';

/** The projections a report reads: the anomaly service's `kpi_daily` (one durable per stream) and our timeline. */
export const REPORT_INPUTS: readonly [StreamId, string][] = [
  ...DETECTOR_INPUT_STREAMS.map((s): [StreamId, string] => [s, DURABLES.anomalyProjections]),
  ['ANOMALY', ANOMALY_TIMELINE_DURABLE],
];

const POLL_MS = 250;

/**
 * A report is stored once and never recomputed, so it waits until every projection it reads has
 * committed what its stream held when the wait began (a projection acks after its commit).
 */
@Injectable()
export class ProjectionsCaughtUp {
  constructor(private readonly bus: Bus) {}

  async wait(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (const [stream, durable] of REPORT_INPUTS) {
      const name = this.bus.topo.streamName(stream);
      const target = (await this.bus.jsm.streams.info(name)).state.last_seq;
      for (;;) {
        const lag = await this.lag(name, durable, target);
        if (lag === 0) break;
        if (Date.now() >= deadline) {
          throw new Error(
            lag === null
              ? `projection ${durable} on ${name} does not exist (is its service running?)`
              : `projection ${durable} on ${name} is ${lag} message(s) behind`,
          );
        }
        await new Promise((r) => setTimeout(r, POLL_MS));
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
