import { PipelineSamples } from './pipeline-samples';

const at = (minute: number, second = 0) => new Date(Date.UTC(2026, 10, 30, 8, minute, second));
const streams = (cash: number, ops: number) => [
  { stream: 'CASH', messages: cash, lastSeq: cash },
  { stream: 'OPS', messages: ops, lastSeq: ops },
];

describe('PipelineSamples', () => {
  it('is empty before the first sample', () => {
    expect(new PipelineSamples(10_000).snapshot()).toEqual({
      sampledAt: null,
      sampleIntervalMs: 10_000,
      eventsPerMinute: [],
      streams: [],
      consumers: [],
    });
  });

  it('counts events per complete minute from the last sample of each minute, leaving out the current one', () => {
    const samples = new PipelineSamples(20_000);
    samples.record(at(0, 10), streams(0, 100), []);
    samples.record(at(0, 50), streams(5, 110), []);
    samples.record(at(1, 30), streams(25, 120), []);
    samples.record(at(2, 50), streams(30, 140), []);
    samples.record(at(4, 10), streams(40, 180), [{ stream: 'CASH', durable: 'anomaly-detectors', pending: 3, ackPending: 1 }]);
    const snapshot = samples.snapshot();
    expect(snapshot.eventsPerMinute).toEqual([
      { minute: '2026-11-30T08:01:00.000Z', count: 30 },
      { minute: '2026-11-30T08:02:00.000Z', count: 25 },
    ]);
    expect(snapshot.sampledAt).toBe('2026-11-30T08:04:10.000Z');
    expect(snapshot.streams).toEqual(streams(40, 180));
    expect(snapshot.consumers).toEqual([{ stream: 'CASH', durable: 'anomaly-detectors', pending: 3, ackPending: 1 }]);
  });

  it('keeps one hour, and a stream recreated empty counts as no event rather than a negative count', () => {
    const samples = new PipelineSamples(60_000);
    for (let m = 0; m < 90; m++) samples.record(new Date(Date.UTC(2026, 10, 30, 8, m, 30)), streams(m * 10, 0), []);
    samples.record(new Date(Date.UTC(2026, 10, 30, 9, 30, 40)), streams(0, 0), []);
    samples.record(new Date(Date.UTC(2026, 10, 30, 9, 31, 10)), streams(0, 0), []);
    const points = samples.snapshot().eventsPerMinute;
    expect(points).toHaveLength(60);
    expect(points[0]).toEqual({ minute: '2026-11-30T08:31:00.000Z', count: 10 });
    expect(points.at(-1)).toEqual({ minute: '2026-11-30T09:30:00.000Z', count: 0 });
  });
});
