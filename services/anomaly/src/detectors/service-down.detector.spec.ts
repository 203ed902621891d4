import { type AnyEvent, createEvent } from '@vigie/contracts';
import { DEFAULT_RULES } from '../rules/defaults';
import type { RuleConfig } from '../rules/rule-config';
import { kinds, runDetector, tickAt } from './detector-spec-support';
import { serviceDownDetector as detector } from './service-down.detector';

const rule = DEFAULT_RULES.find((r) => r.ruleId === 'service.down')!;
const T0 = Date.parse('2026-11-02T08:00:00.000Z');
const SEC = 1000;
const at = (ms: number) => new Date(T0 + ms).toISOString();

const heartbeat = (service: string, ms: number, siteId = 'global') =>
  createEvent(
    'ops.heartbeat.emitted',
    { service, instanceId: `${service}-a1`, version: '1.4.0', startedAt: at(-3600 * SEC) },
    { source: service, siteId, occurredAt: at(ms) },
  );
const tick = (ms: number) => tickAt(at(ms));

const run = (events: AnyEvent[], r: RuleConfig = rule) => runDetector(detector, events, r);

describe('service.down', () => {
  it('given a heartbeat, a tick exactly 30 s later raises nothing (strict)', () => {
    expect(run([heartbeat('cash', 0), tick(30 * SEC)]).signals).toEqual([]);
  });

  it('given a heartbeat, a tick more than 30 s later raises a critical anomaly keyed by the service', () => {
    const beat = heartbeat('cash', 0, 'site-1');
    const t = tick(30 * SEC + 1);
    const { signals } = run([beat, t]);
    expect(signals).toHaveLength(1);
    expect(signals[0]).toMatchObject({ kind: 'raise', key: 'cash', severity: 'critical', siteId: 'site-1' });
    expect(signals[0].evidence).toEqual([
      { stream: 'OPS', seq: 2, eventId: t.id },
      { stream: 'OPS', seq: 1, eventId: beat.id },
    ]);
    expect(signals[0].kind === 'raise' && signals[0].title).toBe('Service indisponible : cash');
    expect(signals[0].kind === 'raise' && signals[0].summary).toContain('depuis 30 s');
  });

  it('each heartbeat restarts the clock', () => {
    expect(run([heartbeat('cash', 0), heartbeat('cash', 20 * SEC), tick(45 * SEC)]).signals).toEqual([]);
  });

  it('a service is known from its first heartbeat: earlier ticks do not start its clock', () => {
    expect(run([tick(0), tick(60 * SEC), heartbeat('cash', 70 * SEC), tick(90 * SEC)]).signals).toEqual([]);
  });

  it('raises once while silent, and resolves on the next heartbeat', () => {
    const back = heartbeat('cash', 5 * 60 * SEC);
    const { signals, states } = run([heartbeat('cash', 0), tick(40 * SEC), tick(50 * SEC), tick(60 * SEC), back, tick(5 * 60 * SEC + 10 * SEC)]);
    expect(kinds(signals)).toEqual(['raise:cash', 'resolve:cash']);
    expect(signals[1].evidence).toEqual([{ stream: 'OPS', seq: 5, eventId: back.id }]);
    expect(states.get('cash')).toMatchObject({ down: false, lastHeartbeatAt: at(5 * 60 * SEC) });
  });

  it('a second outage gets its own evidence, so a new anomaly id', () => {
    const { signals } = run([heartbeat('cash', 0), tick(40 * SEC), heartbeat('cash', 50 * SEC), tick(90 * SEC)]);
    expect(kinds(signals)).toEqual(['raise:cash', 'resolve:cash', 'raise:cash']);
    expect(signals[2].evidence[0].eventId).not.toBe(signals[0].evidence[0].eventId);
  });

  it('ignores a heartbeat older than the last one (a late copy): it neither resolves nor moves the clock back', () => {
    const old = heartbeat('cash', 0);
    const { signals, states } = run([old, heartbeat('cash', 10 * SEC), tick(50 * SEC), old]);
    expect(kinds(signals)).toEqual(['raise:cash']);
    expect(states.get('cash')!.lastHeartbeatAt).toBe(at(10 * SEC));
  });

  it('keeps services apart', () => {
    const { signals } = run([heartbeat('cash', 0), heartbeat('sync', 0), heartbeat('sync', 30 * SEC), tick(45 * SEC)]);
    expect(kinds(signals)).toEqual(['raise:cash']);
  });

  it('is deterministic: the same events give the same signals and states', () => {
    const events = [heartbeat('cash', 0), heartbeat('ai', 0), tick(20 * SEC), heartbeat('ai', 25 * SEC), tick(40 * SEC), heartbeat('cash', 50 * SEC), tick(70 * SEC)];
    const a = run(events);
    expect(kinds(a.signals)).toEqual(['raise:cash', 'resolve:cash', 'raise:ai']);
    expect(run(events)).toEqual(a);
  });

  it('keeps its state bounded: 1000 heartbeats leave one small record', () => {
    const { states } = run(Array.from({ length: 1000 }, (_, i) => heartbeat('cash', i * 5 * SEC)));
    expect(Object.keys(states.get('cash')!).sort()).toEqual(['down', 'instanceId', 'lastHeartbeat', 'lastHeartbeatAt', 'siteId', 'version']);
  });

  it('follows a configured delay', () => {
    const events = [heartbeat('cash', 0), tick(20 * SEC)];
    expect(run(events).signals).toEqual([]);
    expect(kinds(run(events, { ...rule, params: { silenceAboveSeconds: 15 } }).signals)).toEqual(['raise:cash']);
  });
});
