import { type AnyEvent, createEvent } from '@vigie/contracts';
import { DEFAULT_RULES } from '../rules/defaults';
import type { RuleConfig } from '../rules/rule-config';
import { aiErrorRateDetector as detector } from './ai-error-rate.detector';
import { runDetector, severities } from './detector-spec-support';

const rule = DEFAULT_RULES.find((r) => r.ruleId === 'ai.error-rate')!;
const T0 = Date.parse('2026-11-02T08:00:00.000Z');

let n = 0;
/** One classification per character, a second apart: `.` completed, `x` failed. */
function classifications(model: string, pattern: string): AnyEvent[] {
  return [...pattern].map((c) => {
    const i = ++n;
    const meta = { source: 'ai', siteId: 'site-1', occurredAt: new Date(T0 + i * 1000).toISOString() };
    const ids = { depositId: `dep-${i}`, requestId: `req-${i}`, model };
    return c === 'x'
      ? createEvent('ai.classification.failed', { ...ids, latencyMs: 5000, error: { code: 'timeout', message: 'provider timed out' } }, meta)
      : createEvent('ai.classification.completed', { ...ids, category: 'small_appliance', confidence: 0.9, latencyMs: 800 }, meta);
  });
}

const run = (events: AnyEvent[], r: RuleConfig = rule) => runDetector(detector, events, r);

const ok = (k: number) => '.'.repeat(k);
const ko = (k: number) => 'x'.repeat(k);

describe('ai.error-rate', () => {
  it('judges nothing under 20 classifications, however many fail', () => {
    expect(run(classifications('m1', ko(19))).signals).toEqual([]);
  });

  it('raises when the 20th classification makes the sample big enough', () => {
    const events = classifications('m1', ok(17) + ko(3));
    const { signals } = run(events);
    expect(signals).toHaveLength(1);
    expect(signals[0]).toMatchObject({ kind: 'raise', key: 'm1', severity: 'warning' });
    expect(signals[0].evidence.map((e) => e.eventId)).toEqual([events[19].id, events[18].id, events[17].id]);
  });

  it.each([
    ['5 of 100 (exactly 5 %)', 'nothing', ok(95) + ko(5)],
    ['6 of 100', 'warning', ok(94) + ko(6)],
    ['1 of 20 (exactly 5 %)', 'nothing', ok(19) + ko(1)],
    ['4 of 20 (exactly 20 %)', 'warning', ok(16) + ko(4)],
    ['5 of 20', 'critical', ok(15) + ko(5)],
    ['21 of 100', 'warning critical', ok(79) + ko(21)],
  ])('given %s failed, raises %s', (_label, expected, pattern) => {
    expect(severities(run(classifications('m1', pattern)).signals).join(' ') || 'nothing').toBe(expected);
  });

  it('raises on crossing and escalation only, not on every failure', () => {
    const { signals } = run(classifications('m1', ok(80) + ko(10) + ok(5) + ko(15)));
    expect(severities(signals)).toEqual(['warning', 'critical']);
    expect(signals[1].kind === 'raise' && signals[1].title).toBe("Erreur de classification IA : 21 % d'échecs pour le modèle m1");
  });

  it('counts only the last 100: old failures slide out and the anomaly resolves back at 5 %', () => {
    const { signals, states } = run(classifications('m1', ok(90) + ko(10) + ok(95)));
    expect(severities(signals)).toEqual(['warning', 'resolved']);
    expect(signals[1].key).toBe('m1');
    expect(states.get('m1')!.severity).toBeUndefined();
  });

  it('resolves when the rate falls back to exactly 5 %, not before', () => {
    // 10 failures among 100; each further success pushes a failure out of the window.
    expect(severities(run(classifications('m1', ko(10) + ok(90) + ok(4))).signals)).toEqual(['critical']);
    expect(severities(run(classifications('m1', ko(10) + ok(90) + ok(5))).signals)).toEqual(['critical', 'resolved']);
  });

  it('keeps models apart', () => {
    expect(run(classifications('m1', ok(20)).concat(classifications('m2', ok(15) + ko(3)))).signals).toEqual([]);
  });

  it('a second episode starts from different evidence, so it gets a new anomaly id', () => {
    const { signals } = run(classifications('m1', ok(90) + ko(10) + ok(95) + ko(6)));
    expect(severities(signals)).toEqual(['warning', 'resolved', 'warning']);
    expect(signals[2].evidence[0].eventId).not.toBe(signals[0].evidence[0].eventId);
  });

  it('counts a redelivered classification once', () => {
    const events = classifications('m1', ok(18) + ko(1));
    const again = events[18];
    expect(run([...events, again]).signals).toEqual([]);
  });

  it('is deterministic: the same events give the same signals and states', () => {
    const events = classifications('m1', ok(30) + ko(3)).concat(classifications('m2', ko(5) + ok(15)), classifications('m1', ok(40)));
    const a = run(events);
    expect(a.signals.map((s) => `${s.kind}:${s.key}`)).toEqual(['raise:m1', 'raise:m2', 'resolve:m1']);
    expect(run(events)).toEqual(a);
  });

  it('keeps its state bounded: 1000 classifications keep the last 100', () => {
    const { states, signals } = run(classifications('m1', (ok(9) + ko(1)).repeat(100)));
    expect(states.get('m1')!.samples).toHaveLength(100);
    expect(signals.every((s) => s.evidence.length <= 20)).toBe(true);
  });

  it('follows configured params', () => {
    const r = { ...rule, params: { windowSize: 10, minSamples: 5, warningAbovePercent: 30, criticalAbovePercent: 50 } };
    expect(severities(run(classifications('m1', ok(3) + ko(2)), r).signals)).toEqual(['warning']);
    expect(severities(run(classifications('m1', ok(17) + ko(3)), r).signals)).toEqual([]);
    expect(severities(run(classifications('m1', ok(94) + ko(6)), r).signals)).toEqual(['warning', 'critical']);
  });
});
