import { consumerSamples, streamSample } from './jetstream-samples';

describe('JetStream samples', () => {
  it('turns a StreamInfo into a stream sample, max_age from nanoseconds, -1 and 0 meaning no limit', () => {
    expect(
      streamSample('OPS', {
        config: { max_msgs: -1, max_bytes: 536_870_912, max_age: 30 * 24 * 3600 * 1e9 },
        state: { messages: 1200, bytes: 400_000, consumer_count: 3 },
      }),
    ).toEqual({ stream: 'OPS', messages: 1200, bytes: 400_000, consumers: 3, maxMessages: -1, maxBytes: 536_870_912, maxAgeSeconds: 2_592_000 });
    expect(streamSample('CASH', { config: { max_msgs: 10, max_bytes: -1, max_age: 0 }, state: { messages: 0, bytes: 0, consumer_count: 0 } })).toMatchObject({
      maxMessages: 10,
      maxBytes: -1,
      maxAgeSeconds: 0,
    });
  });

  it('keeps durable consumers only, by name, with pending, ack-pending and redelivered counts', () => {
    const report = (name: string, durable: boolean, pending: number) => ({
      name,
      config: durable ? { durable_name: name } : {},
      num_pending: pending,
      num_ack_pending: 2,
      num_redelivered: 1,
    });
    expect(consumerSamples('CASH', [report('b-durable', true, 5), report('ephemeral1', false, 99), report('a-durable', true, 12_000)])).toEqual([
      { stream: 'CASH', consumer: 'a-durable', pending: 12_000, ackPending: 2, redelivered: 1 },
      { stream: 'CASH', consumer: 'b-durable', pending: 5, ackPending: 2, redelivered: 1 },
    ]);
  });
});
