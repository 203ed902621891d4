import { type AnyEvent, createEvent } from '@vigie/contracts';
import { DEFAULT_RULES } from '../rules/defaults';
import type { RuleConfig } from '../rules/rule-config';
import { aiSlowDetector as detector } from './ai-slow.detector';
import { kinds, runDetector } from './detector-spec-support';

const rule = DEFAULT_RULES.find((r) => r.ruleId === 'ai.slow')!;
const T0 = Date.parse('2026-11-02T08:00:00.000Z');

let n = 0;
/** One classification per latency, a second apart; a negative latency stands for a failed one of that (absolute) latency. */
function classifications(model: string, latencies: number[]): AnyEvent[] {
  return latencies.map((l) => {
    const i = ++n;
    const meta = { source: 'ai', siteId: 'site-1', occurredAt: new Date(T0 + i * 1000).toISOString() };
    const ids = { depositId: `dep-${i}`, requestId: `req-${i}`, model };
    return l < 0
      ? createEvent('ai.classification.failed', { ...ids, latencyMs: -l, error: { code: 'timeout', message: 'provider timed out' } }, meta)
      : createEvent('ai.classification.completed', { ...ids, category: 'lighting', confidence: 0.9, latencyMs: l }, meta);
  });
}

const run = (events: AnyEvent[], r: RuleConfig = rule) => runDetector(detector, events, r);

const times = (k: number, ms: number) => Array<number>(k).fill(ms);
describe('ai.slow', () => {
  it('judges nothing under 20 classifications, however slow', () => {
    expect(run(classifications('m1', times(19, 9000))).signals).toEqual([]);
  });

  // Nearest rank: p95 of 20 samples is the 19th smallest, of 21 the 20th (rounded up), of 100 the 95th.
  it.each([
    ['1 slow of 20', 'nothing', [...times(19, 500), 9000]],
    ['2 slow of 20', 'raise:m1', [...times(18, 500), 9000, 9000]],
    ['2 slow of 21', 'raise:m1', [...times(19, 500), 9000, 9000]],
    ['5 slow of 100', 'nothing', [...times(95, 500), ...times(5, 9000)]],
    ['6 slow of 100', 'raise:m1', [...times(94, 500), ...times(6, 9000)]],
    ['p95 at exactly 3000 ms', 'nothing', [...times(18, 500), 3000, 3000]],
    ['p95 at 3001 ms', 'raise:m1', [...times(18, 500), 3001, 3001]],
  ])('given %s, signals %s', (_label, expected, latencies) => {
    expect(kinds(run(classifications('m1', latencies)).signals).join(' ') || 'nothing').toBe(expected);
  });

  it('raises a warning keyed by the model, the triggering classification first, then the slow ones', () => {
    const events = classifications('m1', [...times(18, 500), 4000, 4500]);
    const { signals } = run(events);
    expect(signals[0]).toMatchObject({ kind: 'raise', key: 'm1', severity: 'warning' });
    expect(signals[0].evidence.map((e) => e.eventId)).toEqual([events[19].id, events[18].id]);
    expect(signals[0].kind === 'raise' && signals[0].title).toBe('Classification IA lente : p95 de 4000 ms pour le modèle m1');
  });

  it('counts failed classifications: a timeout is slow too', () => {
    expect(kinds(run(classifications('m1', [...times(18, 500), -30000, -30000])).signals)).toEqual(['raise:m1']);
  });

  it('raises once while slow, and resolves when p95 is back at or under the threshold', () => {
    const { signals, states } = run(classifications('m1', [...times(20, 500), ...times(10, 5000), ...times(95, 500)]));
    expect(kinds(signals)).toEqual(['raise:m1', 'resolve:m1']);
    expect(states.get('m1')!.open).toBe(false);
  });

  it('keeps models apart', () => {
    expect(run([...classifications('m1', times(19, 500)), ...classifications('m2', [9000, 9000])]).signals).toEqual([]);
  });

  it('counts a redelivered classification once', () => {
    const events = classifications('m1', [...times(18, 500), 9000]);
    expect(run([...events, events[18]]).signals).toEqual([]);
  });

  it('is deterministic: the same events give the same signals and states', () => {
    const events = [
      ...classifications('m1', [...times(15, 500), ...times(5, 4000)]),
      ...classifications('m2', times(25, 700)),
      ...classifications('m1', times(100, 600)),
    ];
    const a = run(events);
    expect(kinds(a.signals)).toEqual(['raise:m1', 'resolve:m1']);
    expect(run(events)).toEqual(a);
  });

  it('keeps its state bounded: 1000 classifications keep the last 100', () => {
    const { states } = run(classifications('m1', Array.from({ length: 1000 }, (_, i) => (i % 7) * 700)));
    expect(states.get('m1')!.samples).toHaveLength(100);
  });

  it('follows configured params', () => {
    const latencies = [...times(18, 500), 2000, 2000];
    expect(run(classifications('m1', latencies)).signals).toEqual([]);
    expect(kinds(run(classifications('m1', latencies), { ...rule, params: { ...rule.params, latencyAboveMs: 1500 } }).signals)).toEqual([
      'raise:m1',
    ]);
    expect(run(classifications('m1', latencies), { ...rule, params: { ...rule.params, latencyAboveMs: 1500, percentile: 90 } }).signals).toEqual([]);
  });
});
