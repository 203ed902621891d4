import { createEvent } from '@vigie/contracts';
import { KpiDelta } from './kpi-delta';
import { opsKpiProjection } from './ops-kpi.projection';

const meta = (occurredAt: string) => ({ source: 'monitor', siteId: 'global', occurredAt });
const heartbeat = (service: string, instanceId: string, occurredAt = '2026-06-10T08:00:00.000Z') =>
  createEvent('ops.heartbeat.emitted', { service, instanceId, version: '1.0.0', startedAt: occurredAt }, meta(occurredAt));

describe('ops KPI projection', () => {
  it('counts the first instance of a service as a start, each new one after it as a restart', () => {
    const events = [
      heartbeat('cash', 'i-1'),
      heartbeat('cash', 'i-1'),
      heartbeat('cash', 'i-2', '2026-06-11T08:00:00.000Z'),
      heartbeat('cash', 'i-2', '2026-06-11T08:00:30.000Z'),
      heartbeat('cash', 'i-3', '2026-06-11T09:00:00.000Z'),
      heartbeat('sync', 's-1', '2026-06-11T09:00:00.000Z'),
    ];
    const delta = events.reduce((d, e) => opsKpiProjection.evolve(d, e), new KpiDelta());
    expect(delta.rows().map((r) => [r.day, r.key, r.counters])).toEqual([
      ['2026-06-10', 'cash', { heartbeats: 2, instancesStarted: 1 }],
      ['2026-06-11', 'cash', { heartbeats: 3, instancesStarted: 2, restarts: 2 }],
      ['2026-06-11', 'sync', { heartbeats: 1, instancesStarted: 1 }],
    ]);
    expect(delta.newInstances().map((i) => `${i.service}/${i.instanceId}@${i.firstSeenAt}`)).toEqual([
      'cash/i-1@2026-06-10T08:00:00.000Z',
      'cash/i-2@2026-06-11T08:00:00.000Z',
      'cash/i-3@2026-06-11T09:00:00.000Z',
      'sync/s-1@2026-06-11T09:00:00.000Z',
    ]);
  });

  it('given the instances already stored, tells a restart from a heartbeat of a known instance', () => {
    expect(opsKpiProjection.servicesToKnow?.(heartbeat('cash', 'i-9'))).toEqual(['cash']);
    const known = () => new KpiDelta().knowInstances('cash', ['i-1']);
    expect(opsKpiProjection.evolve(known(), heartbeat('cash', 'i-1')).rows()[0].counters).toEqual({ heartbeats: 1 });
    const restarted = opsKpiProjection.evolve(known(), heartbeat('cash', 'i-2'));
    expect(restarted.rows()[0].counters).toEqual({ heartbeats: 1, instancesStarted: 1, restarts: 1 });
    expect(restarted.newInstances()).toHaveLength(1);
  });

  it('counts probes ok and failed per target', () => {
    const probe = (ok: boolean) =>
      createEvent('ops.probe.completed', { target: 'cash', ok, latencyMs: 5 }, meta('2026-06-10T08:00:00.000Z'));
    const delta = [probe(true), probe(false), probe(true)].reduce((d, e) => opsKpiProjection.evolve(d, e), new KpiDelta());
    expect(delta.rows()[0].counters).toEqual({ probesOk: 2, probesFailed: 1 });
    expect(opsKpiProjection.servicesToKnow?.(probe(true))).toEqual([]);
  });

  it('sums stream samples per stream and day, with their limits only when there is one', () => {
    const sample = (stream: 'OPS' | 'CASH', bytes: number, maxBytes: number, at = '2026-06-10T08:00:00.000Z') =>
      createEvent('ops.stream.sampled', { stream, messages: bytes / 100, bytes, consumers: 2, maxMessages: -1, maxBytes, maxAgeSeconds: 0 }, meta(at));
    const events = [sample('OPS', 1000, 5000), sample('OPS', 3000, 5000), sample('CASH', 200, -1), sample('OPS', 4000, 6000, '2026-06-11T08:00:00.000Z')];
    const delta = events.reduce((d, e) => opsKpiProjection.evolve(d, e), new KpiDelta());
    expect(delta.rows().map((r) => [r.day, r.kind, r.key, r.counters])).toEqual([
      ['2026-06-10', 'stream', 'CASH', { samples: 1, messagesSum: 2, bytesSum: 200 }],
      ['2026-06-10', 'stream', 'OPS', { samples: 2, messagesSum: 40, bytesSum: 4000, bytesLimited: 2, maxBytesSum: 10_000 }],
      ['2026-06-11', 'stream', 'OPS', { samples: 1, messagesSum: 40, bytesSum: 4000, bytesLimited: 1, maxBytesSum: 6000 }],
    ]);
  });

  it('ignores consumer samples, ticks and job outcomes', () => {
    const events = [
      createEvent('ops.tick.emitted', {}, meta('2026-06-10T08:00:00.000Z')),
      createEvent('ops.consumer.sampled', { stream: 'CASH', consumer: 'x', pending: 1, ackPending: 0, redelivered: 0 }, meta('2026-06-10T08:00:00.000Z')),
    ];
    expect(events.reduce((d, e) => opsKpiProjection.evolve(d, e), new KpiDelta()).rows()).toEqual([]);
  });
});
