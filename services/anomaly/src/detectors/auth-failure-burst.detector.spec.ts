import { type AnyEvent, createEvent } from '@vigie/contracts';
import { DEFAULT_RULES } from '../rules/defaults';
import type { RuleConfig } from '../rules/rule-config';
import { authFailureBurstDetector as detector } from './auth-failure-burst.detector';
import { runDetector, severities, tickAt } from './detector-spec-support';

const rule = DEFAULT_RULES.find((r) => r.ruleId === 'auth.failure-burst')!;
const T0 = Date.parse('2026-11-02T08:00:00.000Z');
const SEC = 1000;
const MIN = 60 * SEC;
const at = (ms: number) => new Date(T0 + ms).toISOString();

const meta = (ms: number) => ({ source: 'gateway', siteId: 'site-1', occurredAt: at(ms) });
const failed = (principal: string, ms: number) =>
  createEvent('auth.login.failed', { principal, channel: 'web', reason: 'bad_password' }, meta(ms));
const succeeded = (principal: string, ms: number) => createEvent('auth.login.succeeded', { principal, channel: 'telegram' }, meta(ms));
const tick = (ms: number) => tickAt(at(ms));

const run = (events: AnyEvent[], r: RuleConfig = rule) => runDetector(detector, events, r);

/** `k` failures of `principal`, `every` ms apart from `from`. */
const burst = (principal: string, k: number, every = 30 * SEC, from = 0) =>
  Array.from({ length: k }, (_, i) => failed(principal, from + i * every));

describe('auth.failure-burst', () => {
  it('given 4 failures within 15 min, raises nothing', () => {
    expect(run(burst('p-7f3a', 4)).signals).toEqual([]);
  });

  it('given a 5th failure within 15 min, raises a warning keyed by the principal, the 5th failure first', () => {
    const events = burst('p-7f3a', 5);
    const { signals } = run(events);
    expect(signals).toHaveLength(1);
    expect(signals[0]).toMatchObject({ kind: 'raise', key: 'p-7f3a', severity: 'warning' });
    expect(signals[0].evidence.map((e) => e.eventId)).toEqual(events.map((e) => e.id).reverse());
    expect(signals[0].kind === 'raise' && signals[0].title).toBe('Tentatives de connexion échouées : 5 en 15 min pour p-7f3a');
  });

  it('a failure exactly 15 min old has left the window', () => {
    expect(run(burst('p-7f3a', 5, (15 * MIN) / 4)).signals).toEqual([]);
    expect(run(burst('p-7f3a', 5, (15 * MIN - 4) / 4)).signals).toHaveLength(1);
  });

  it('raises on crossing and on escalation to critical at the 10th failure, not on each failure', () => {
    const { signals } = run(burst('p-7f3a', 14, 10 * SEC));
    expect(severities(signals)).toEqual(['warning', 'critical']);
    expect(signals[1].kind === 'raise' && signals[1].details.failures).toBe(10);
  });

  it('a success does not end the burst', () => {
    expect(severities(run([...burst('p-7f3a', 4), succeeded('p-7f3a', 3 * MIN), failed('p-7f3a', 4 * MIN)]).signals)).toEqual(['warning']);
  });

  it('resolves on the first tick 15 min after the last failure, and forgets the principal', () => {
    const events = burst('p-7f3a', 5);
    const last = 4 * 30 * SEC;
    expect(severities(run([...events, tick(last + 15 * MIN - 1)]).signals)).toEqual(['warning']);
    const { signals, states } = run([...events, tick(last + 15 * MIN)]);
    expect(severities(signals)).toEqual(['warning', 'resolved']);
    expect(signals[1].key).toBe('p-7f3a');
    expect(states.has('p-7f3a')).toBe(false);
  });

  it("resolves on the principal's next login event 15 min after the last failure, not before", () => {
    const events = burst('p-7f3a', 5);
    const last = 4 * 30 * SEC;
    expect(severities(run([...events, succeeded('p-7f3a', last + 14 * MIN)]).signals)).toEqual(['warning']);
    expect(severities(run([...events, succeeded('p-7f3a', last + 15 * MIN)]).signals)).toEqual(['warning', 'resolved']);
    expect(severities(run([...events, failed('p-7f3a', last + 20 * MIN)]).signals)).toEqual(['warning', 'resolved']);
    expect(severities(run([...events, succeeded('p-other', last + 20 * MIN)]).signals)).toEqual(['warning']);
  });

  it('a second burst starts from different evidence, so it gets a new anomaly id', () => {
    const { signals } = run([...burst('p-7f3a', 5), tick(30 * MIN), ...burst('p-7f3a', 5, 30 * SEC, 40 * MIN)]);
    expect(severities(signals)).toEqual(['warning', 'resolved', 'warning']);
    expect(signals[2].evidence.map((e) => e.eventId)).not.toContain(signals[0].evidence[0].eventId);
  });

  it('keeps principals apart', () => {
    expect(run([...burst('p-1', 3), ...burst('p-2', 3)]).signals).toEqual([]);
  });

  it('counts a redelivered failure once', () => {
    const events = burst('p-7f3a', 4);
    expect(run([...events, events[3]]).signals).toEqual([]);
  });

  it('is deterministic: the same events give the same signals and states', () => {
    const events = [...burst('p-1', 6), ...burst('p-2', 12, 5 * SEC, MIN), tick(10 * MIN), succeeded('p-1', 11 * MIN), tick(20 * MIN)];
    const a = run(events);
    expect(a.signals.map((s) => `${s.kind}:${s.key}`)).toEqual(['raise:p-1', 'raise:p-2', 'raise:p-2', 'resolve:p-1', 'resolve:p-2']);
    expect(run(events)).toEqual(a);
  });

  it('keeps its state bounded: 1000 failures in 10 min keep at most 100', () => {
    const { states, signals } = run(burst('p-7f3a', 1000, 600));
    expect(states.get('p-7f3a')!.failures.length).toBeLessThanOrEqual(100);
    expect(signals.every((s) => s.evidence.length <= 20)).toBe(true);
  });

  it('follows configured params', () => {
    const r = { ...rule, params: { windowMinutes: 1, warningAt: 3, criticalAt: 4 } };
    expect(run(burst('p-7f3a', 4, 10 * SEC)).signals).toEqual([]);
    expect(severities(run(burst('p-7f3a', 4, 10 * SEC), r).signals)).toEqual(['warning', 'critical']);
    expect(run(burst('p-7f3a', 4, 30 * SEC), r).signals).toEqual([]);
  });
});
