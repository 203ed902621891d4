import { createEvent } from '@vigie/contracts';
import { foldOpsEvents } from './service-health.fold';

const probe = (target: string, ok: boolean, occurredAt: string) =>
  createEvent('ops.probe.completed', { target, ok, latencyMs: 5 }, { source: 'monitor', siteId: 'global', occurredAt });
const heartbeat = (service: string, occurredAt: string, version: string) =>
  createEvent('ops.heartbeat.emitted', { service, instanceId: 'i-1', version, startedAt: '2026-11-30T00:00:00.000Z' }, { source: service, siteId: 'global', occurredAt });

describe('foldOpsEvents', () => {
  it('counts probes per target and UTC hour, keeps the latest heartbeat by event time, ignores ticks', () => {
    const delta = foldOpsEvents(new Map(), [
      probe('cash', true, '2026-11-30T07:59:59.000Z'),
      probe('cash', false, '2026-11-30T08:00:00.000Z'),
      probe('cash', true, '2026-11-30T08:30:00.000Z'),
      createEvent('ops.tick.emitted', {}, { source: 'monitor', siteId: 'global' }),
      heartbeat('cash', '2026-11-30T08:31:00.000Z', '2'),
      heartbeat('cash', '2026-11-30T08:30:00.000Z', '1'),
    ]);
    expect([...delta.hourly.values()]).toEqual([
      { target: 'cash', hour: '2026-11-30T07:00:00.000Z', ok: 1, failed: 0 },
      { target: 'cash', hour: '2026-11-30T08:00:00.000Z', ok: 1, failed: 1 },
    ]);
    expect(delta.heartbeats.get('cash')).toMatchObject({ lastAt: '2026-11-30T08:31:00.000Z', version: '2' });
    expect(delta.changes.map((c) => c.up)).toEqual([true, false, true]);
    expect(delta.states.get('cash')).toMatchObject({ up: true, since: '2026-11-30T08:30:00.000Z' });
  });

  it('starts from the stored state: no change pushed while the state holds', () => {
    const current = new Map([
      ['cash', { target: 'cash', up: true, since: '2026-11-30T06:00:00.000Z', lastProbeAt: '2026-11-30T07:00:00.000Z', latencyMs: 3, error: null }],
    ]);
    const delta = foldOpsEvents(current, [probe('cash', true, '2026-11-30T08:00:00.000Z')]);
    expect(delta.changes).toEqual([]);
    expect(delta.states.get('cash')).toMatchObject({ since: '2026-11-30T06:00:00.000Z', lastProbeAt: '2026-11-30T08:00:00.000Z' });
  });
});
