import { type AnyEvent, createEvent } from '@vigie/contracts';
import { DEFAULT_RULES } from '../rules/defaults';
import type { RuleConfig } from '../rules/rule-config';
import { kinds, runDetector } from './detector-spec-support';
import { serviceUnhealthyDetector as detector } from './service-unhealthy.detector';

const rule = DEFAULT_RULES.find((r) => r.ruleId === 'service.unhealthy')!;
const T0 = Date.parse('2026-11-02T08:00:00.000Z');
let n = 0;

/** Probes of `target` ten seconds apart: `.` good, `x` failed (503), `-` failed without answer. */
function probes(target: string, pattern: string): AnyEvent[] {
  return [...pattern].map((c) => {
    const occurredAt = new Date(T0 + ++n * 10_000).toISOString();
    const data =
      c === '.'
        ? { target, ok: true, status: 200, latencyMs: 12 }
        : c === 'x'
          ? { target, ok: false, status: 503, latencyMs: 40 }
          : { target, ok: false, latencyMs: 5000, error: 'timeout' };
    return createEvent('ops.probe.completed', data, { source: 'monitor', siteId: 'global', occurredAt });
  });
}

const run = (events: AnyEvent[], r: RuleConfig = rule) => runDetector(detector, events, r);

describe('service.unhealthy', () => {
  it.each([
    ['..xx', 'nothing'],
    ['xx.xx', 'nothing'],
    ['xxx', 'raise:cash'],
    ['.x-x', 'raise:cash'],
  ])('given probes %s, signals %s', (pattern, expected) => {
    expect(kinds(run(probes('cash', pattern)).signals).join(' ') || 'nothing').toBe(expected);
  });

  it('raises a critical anomaly keyed by the target, the 3rd failed probe first', () => {
    const events = probes('cash', 'xxx');
    const { signals } = run(events);
    expect(signals[0]).toMatchObject({ kind: 'raise', key: 'cash', severity: 'critical' });
    expect(signals[0].evidence.map((e) => e.eventId)).toEqual([events[2].id, events[1].id, events[0].id]);
    expect(signals[0].kind === 'raise' && signals[0].title).toBe('Service en échec de santé : cash');
    expect(signals[0].kind === 'raise' && signals[0].summary).toContain('3 sondes /health consécutives en échec');
  });

  it('raises once however long the failure lasts, and resolves on the next good probe', () => {
    const events = probes('cash', 'xxxxxxxx.');
    const { signals, states } = run(events);
    expect(kinds(signals)).toEqual(['raise:cash', 'resolve:cash']);
    expect(signals[1].evidence).toEqual([{ stream: 'OPS', seq: 9, eventId: events[8].id }]);
    expect(states.has('cash')).toBe(false);
  });

  it('a good probe with nothing open resolves nothing', () => {
    expect(run(probes('cash', 'xx.')).signals).toEqual([]);
  });

  it('keeps targets apart', () => {
    expect(run([...probes('cash', 'xx'), ...probes('ai', 'x'), ...probes('sync', 'xx')]).signals).toEqual([]);
  });

  it('counts a redelivered probe once', () => {
    const events = probes('cash', 'xx');
    expect(run([...events, events[1]]).signals).toEqual([]);
  });

  it('is deterministic: the same events give the same signals and states', () => {
    const events = [...probes('cash', 'xxx'), ...probes('ai', 'x-x-'), ...probes('cash', '..'), ...probes('ai', '.')];
    const a = run(events);
    expect(kinds(a.signals)).toEqual(['raise:cash', 'raise:ai', 'resolve:cash', 'resolve:ai']);
    expect(run(events)).toEqual(a);
  });

  it('keeps its state bounded: 1000 failed probes keep at most 100 references', () => {
    const { states, signals } = run(probes('cash', 'x'.repeat(1000)));
    expect(states.get('cash')!.count).toBe(1000);
    expect(states.get('cash')!.recent.length).toBeLessThanOrEqual(100);
    expect(signals).toHaveLength(1);
  });

  it('follows a configured threshold', () => {
    expect(run(probes('cash', 'xxxx')).signals).toHaveLength(1);
    expect(run(probes('cash', 'xxxx'), { ...rule, params: { failuresAt: 5 } }).signals).toEqual([]);
    expect(run(probes('cash', 'x'), { ...rule, params: { failuresAt: 1 } }).signals).toHaveLength(1);
  });
});
