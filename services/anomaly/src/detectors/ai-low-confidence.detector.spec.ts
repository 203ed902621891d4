import { type AnyEvent, createEvent } from '@vigie/contracts';
import { DEFAULT_RULES } from '../rules/defaults';
import type { RuleConfig } from '../rules/rule-config';
import { aiLowConfidenceDetector as detector } from './ai-low-confidence.detector';
import { kinds, runDetector } from './detector-spec-support';

const rule = DEFAULT_RULES.find((r) => r.ruleId === 'ai.low-confidence')!;
const T0 = Date.parse('2026-11-02T08:00:00.000Z');

let n = 0;
function classifications(model: string, confidences: number[]): AnyEvent[] {
  return confidences.map((confidence) => {
    const i = ++n;
    return createEvent(
      'ai.classification.completed',
      { depositId: `dep-${i}`, requestId: `req-${i}`, model, category: 'toys', confidence, latencyMs: 900 },
      { source: 'ai', siteId: 'site-1', occurredAt: new Date(T0 + i * 1000).toISOString() },
    );
  });
}

const run = (events: AnyEvent[], r: RuleConfig = rule) => runDetector(detector, events, r);

const sure = (k: number) => Array<number>(k).fill(0.92);
const unsure = (k: number, c = 0.4) => Array<number>(k).fill(c);
describe('ai.low-confidence', () => {
  it('judges nothing under 20 classifications, however unsure', () => {
    expect(run(classifications('m1', unsure(19))).signals).toEqual([]);
  });

  it.each([
    ['30 of 100 (exactly 30 %)', 'nothing', [...sure(70), ...unsure(30)]],
    ['31 of 100', 'raise:m1', [...sure(69), ...unsure(31)]],
    ['6 of 20 (exactly 30 %)', 'nothing', [...sure(14), ...unsure(6)]],
    ['7 of 20', 'raise:m1', [...sure(13), ...unsure(7)]],
    ['7 of 20 at exactly 0.70 (not below)', 'nothing', [...sure(13), ...unsure(7, 0.7)]],
    ['7 of 20 at 0.69', 'raise:m1', [...sure(13), ...unsure(7, 0.69)]],
  ])('given %s low-confidence, signals %s', (_label, expected, confidences) => {
    expect(kinds(run(classifications('m1', confidences)).signals).join(' ') || 'nothing').toBe(expected);
  });

  it('raises one warning keyed by the model, in French, the triggering classification first', () => {
    const events = classifications('m1', [...sure(13), ...unsure(7)]);
    const { signals } = run(events);
    expect(signals).toHaveLength(1);
    expect(signals[0]).toMatchObject({ kind: 'raise', key: 'm1', severity: 'warning' });
    expect(signals[0].evidence[0].eventId).toBe(events[19].id);
    expect(signals[0].evidence).toHaveLength(7);
    expect(signals[0].kind === 'raise' && signals[0].title).toBe('Confiance IA faible : 35 % des classifications du modèle m1 sous 0,70');
  });

  it('raises once while too many are unsure, and resolves when back at 30 %', () => {
    // The unsure ones slide out of the last 100 as sure ones come in: 31 % still open, 30 % resolved.
    expect(kinds(run(classifications('m1', [...sure(60), ...unsure(40), ...sure(69)])).signals)).toEqual(['raise:m1']);
    const { signals, states } = run(classifications('m1', [...sure(60), ...unsure(40), ...sure(70)]));
    expect(kinds(signals)).toEqual(['raise:m1', 'resolve:m1']);
    expect(states.get('m1')!.open).toBe(false);
  });

  it('keeps models apart', () => {
    expect(run([...classifications('m1', sure(19)), ...classifications('m2', unsure(10))]).signals).toEqual([]);
  });

  it('counts a redelivered classification once', () => {
    const events = classifications('m1', [...sure(13), ...unsure(6)]);
    expect(run([...events, events[18]]).signals).toEqual([]);
  });

  it('a second episode starts from different evidence, so it gets a new anomaly id', () => {
    const { signals } = run(classifications('m1', [...sure(13), ...unsure(7), ...sure(100), ...unsure(31)]));
    expect(kinds(signals)).toEqual(['raise:m1', 'resolve:m1', 'raise:m1']);
    expect(signals[2].evidence[0].eventId).not.toBe(signals[0].evidence[0].eventId);
  });

  it('is deterministic: the same events give the same signals and states', () => {
    const events = [...classifications('m1', [...sure(12), ...unsure(8)]), ...classifications('m2', sure(30)), ...classifications('m1', sure(20))];
    const a = run(events);
    expect(kinds(a.signals)).toEqual(['raise:m1', 'resolve:m1']);
    expect(run(events)).toEqual(a);
  });

  it('keeps its state bounded: 1000 classifications keep the last 100', () => {
    const { states, signals } = run(classifications('m1', Array.from({ length: 1000 }, (_, i) => (i % 10) / 10)));
    expect(states.get('m1')!.samples).toHaveLength(100);
    expect(signals.every((s) => s.evidence.length <= 20)).toBe(true);
  });

  it('follows configured params', () => {
    const confidences = [...sure(14), ...unsure(6, 0.8)];
    expect(run(classifications('m1', confidences)).signals).toEqual([]);
    const r = { ...rule, params: { ...rule.params, confidenceBelow: 0.85, lowShareAbovePercent: 25 } };
    expect(kinds(run(classifications('m1', confidences), r).signals)).toEqual(['raise:m1']);
  });
});
