import type { MonitorTarget } from '@vigie/contracts';
import { healthOverview, type HealthSources } from './health-overview';

const now = new Date('2026-11-30T08:00:00.000Z');

const target = (name: string, over: Partial<MonitorTarget> = {}): MonitorTarget => ({
  name,
  up: true,
  lastStatus: 200,
  lastLatencyMs: 8,
  lastError: null,
  lastCheckedAt: '2026-11-30T07:59:58.000Z',
  consecutiveFailures: 0,
  failingSince: null,
  ...over,
});

const sources = (over: Partial<HealthSources> = {}): HealthSources => ({
  now,
  targets: [target('gateway'), target('cash', { up: false, lastError: 'network ECONNREFUSED', consecutiveFailures: 4, failingSince: '2026-11-30T07:58:00.000Z' })],
  monitorService: 'monitor',
  states: [],
  heartbeats: [
    { service: 'cash', lastAt: '2026-11-30T07:57:00.000Z', version: '0.1.0' },
    { service: 'monitor', lastAt: '2026-11-30T07:59:55.000Z', version: '0.1.0' },
    { service: 'sync', lastAt: '2026-11-30T07:59:50.000Z', version: '0.2.0' },
  ],
  probes: [
    { target: 'cash', ok24h: 90, failed24h: 10, ok7d: 990, failed7d: 10 },
    { target: 'gateway', ok24h: 0, failed24h: 0, ok7d: 4, failed7d: 0 },
  ],
  ...over,
});

describe('healthOverview', () => {
  it('lists the monitor targets in its order, then the monitor and other services seen, by name', () => {
    const overview = healthOverview(sources());
    expect(overview.services.map((s) => s.name)).toEqual(['gateway', 'cash', 'monitor', 'sync']);
    expect(overview).toMatchObject({ generatedAt: '2026-11-30T08:00:00.000Z', monitorAvailable: true });
  });

  it("takes the current state from the monitor and uptime / heartbeats from the gateway's projection", () => {
    const cash = healthOverview(sources()).services.find((s) => s.name === 'cash');
    expect(cash).toEqual({
      name: 'cash',
      up: false,
      lastCheckedAt: '2026-11-30T07:59:58.000Z',
      latencyMs: 8,
      lastError: 'network ECONNREFUSED',
      consecutiveFailures: 4,
      failingSince: '2026-11-30T07:58:00.000Z',
      lastHeartbeatAt: '2026-11-30T07:57:00.000Z',
      version: '0.1.0',
      uptime24h: 0.9,
      uptime7d: 0.99,
      probes24h: 100,
      probes7d: 1000,
    });
  });

  it('no probe in a window is an unknown uptime, not 0 % nor 100 %', () => {
    const gateway = healthOverview(sources()).services.find((s) => s.name === 'gateway');
    expect([gateway?.uptime24h, gateway?.uptime7d, gateway?.probes24h]).toEqual([null, 1, 0]);
    const sync = healthOverview(sources()).services.find((s) => s.name === 'sync');
    expect([sync?.up, sync?.uptime24h, sync?.uptime7d, sync?.probes7d]).toEqual([null, null, null, 0]);
  });

  it('the monitor is up when it answered', () => {
    expect(healthOverview(sources()).services.find((s) => s.name === 'monitor')).toMatchObject({
      up: true,
      lastCheckedAt: '2026-11-30T08:00:00.000Z',
      lastHeartbeatAt: '2026-11-30T07:59:55.000Z',
    });
  });

  it('without the monitor: the monitor is down and the others show the last probe events projected', () => {
    const overview = healthOverview(
      sources({
        targets: undefined,
        states: [
          { target: 'cash', up: false, since: '2026-11-30T07:58:00.000Z', lastProbeAt: '2026-11-30T07:59:00.000Z', latencyMs: 2000, error: 'timeout' },
          { target: 'gateway', up: true, since: '2026-11-29T07:00:00.000Z', lastProbeAt: '2026-11-30T07:59:00.000Z', latencyMs: 5, error: null },
        ],
      }),
    );
    expect(overview.monitorAvailable).toBe(false);
    expect(overview.services.map((s) => [s.name, s.up, s.lastCheckedAt, s.failingSince, s.lastError])).toEqual([
      ['cash', false, '2026-11-30T07:59:00.000Z', '2026-11-30T07:58:00.000Z', 'timeout'],
      ['gateway', true, '2026-11-30T07:59:00.000Z', null, null],
      ['monitor', false, '2026-11-30T08:00:00.000Z', null, 'no answer from the monitor'],
      ['sync', null, null, null, null],
    ]);
  });
});
