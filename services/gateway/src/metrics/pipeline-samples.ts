import type { PipelineMetrics } from '@vigie/contracts';

export interface StreamSample {
  stream: string;
  messages: number;
  lastSeq: number;
}

export interface ConsumerSample {
  stream: string;
  durable: string;
  pending: number;
  ackPending: number;
}

interface Sample {
  at: number;
  /** Sum of the streams' last sequences: every event ever stored. */
  total: number;
}

const MINUTE_MS = 60_000;
/** How many complete minutes `eventsPerMinute` covers. */
export const EVENTS_WINDOW_MINUTES = 60;

/**
 * Pure: JetStream samples of the last hour and what the dashboard shows of them. Events per minute is
 * the growth of the streams' last sequences between the last sample of a minute and the last sample
 * of the minute before (the current, incomplete minute is left out); a stream recreated empty counts 0.
 */
export class PipelineSamples {
  private samples: Sample[] = [];
  private latest?: { at: number; streams: StreamSample[]; consumers: ConsumerSample[] };

  constructor(private readonly sampleIntervalMs: number) {}

  record(at: Date, streams: StreamSample[], consumers: ConsumerSample[]): void {
    const ms = at.getTime();
    this.samples.push({ at: ms, total: streams.reduce((s, x) => s + x.lastSeq, 0) });
    const oldest = (Math.floor(ms / MINUTE_MS) - EVENTS_WINDOW_MINUTES - 1) * MINUTE_MS;
    this.samples = this.samples.filter((s) => s.at >= oldest);
    this.latest = { at: ms, streams, consumers };
  }

  snapshot(): PipelineMetrics {
    const lastOfMinute = new Map<number, Sample>();
    for (const s of this.samples) lastOfMinute.set(Math.floor(s.at / MINUTE_MS), s);
    const current = this.latest ? Math.floor(this.latest.at / MINUTE_MS) : 0;
    const eventsPerMinute: PipelineMetrics['eventsPerMinute'] = [];
    for (let minute = current - EVENTS_WINDOW_MINUTES; minute < current; minute++) {
      const end = lastOfMinute.get(minute);
      const start = lastOfMinute.get(minute - 1);
      if (!end || !start) continue;
      eventsPerMinute.push({ minute: new Date(minute * MINUTE_MS).toISOString(), count: Math.max(0, end.total - start.total) });
    }
    return {
      sampledAt: this.latest ? new Date(this.latest.at).toISOString() : null,
      sampleIntervalMs: this.sampleIntervalMs,
      eventsPerMinute,
      streams: this.latest?.streams ?? [],
      consumers: this.latest?.consumers ?? [],
    };
  }
}
