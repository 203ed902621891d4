import type { OpsConsumerSampled, OpsStreamSampled, StreamId } from '@vigie/contracts';

/** What JetStream reports of a stream, in the fields the samples use (its StreamInfo). */
export interface StreamReport {
  config: { max_msgs: number; max_bytes: number; max_age: number };
  state: { messages: number; bytes: number; consumer_count: number };
}

/** What JetStream reports of a consumer (its ConsumerInfo). */
export interface ConsumerReport {
  name: string;
  config: { durable_name?: string };
  num_pending: number;
  num_ack_pending: number;
  num_redelivered: number;
}

const NANOS_PER_SECOND = 1e9;

/** Pure: the `ops.stream.sampled` data of one stream. JetStream's max_age is in nanoseconds, 0 = none. */
export function streamSample(stream: StreamId, report: StreamReport): OpsStreamSampled {
  return {
    stream,
    messages: report.state.messages,
    bytes: report.state.bytes,
    consumers: report.state.consumer_count,
    maxMessages: Math.max(-1, report.config.max_msgs),
    maxBytes: Math.max(-1, report.config.max_bytes),
    maxAgeSeconds: Math.max(0, Math.floor(report.config.max_age / NANOS_PER_SECOND)),
  };
}

/**
 * Pure: the `ops.consumer.sampled` data of a stream's durable consumers, by name. Ephemeral ones (an
 * ordered replay, a test's reader) come and go: their lag is nobody's backlog.
 */
export function consumerSamples(stream: StreamId, reports: readonly ConsumerReport[]): OpsConsumerSampled[] {
  return reports
    .filter((c) => c.config.durable_name)
    .map((c) => ({
      stream,
      consumer: c.name,
      pending: c.num_pending,
      ackPending: c.num_ack_pending,
      redelivered: c.num_redelivered,
    }))
    .sort((a, b) => (a.consumer < b.consumer ? -1 : a.consumer > b.consumer ? 1 : 0));
}
