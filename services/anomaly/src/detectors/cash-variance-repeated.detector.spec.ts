import type { AnyEvent } from '@vigie/contracts';
import { DEFAULT_RULES } from '../rules/defaults';
import type { RuleConfig } from '../rules/rule-config';
import { sessionClosed } from '../test-support';
import { cashVarianceRepeatedDetector as detector } from './cash-variance-repeated.detector';
import type { Signal } from './detector';
import { runDetector, tickAt } from './detector-spec-support';

const rule = DEFAULT_RULES.find((r) => r.ruleId === 'cash.variance-repeated')!;
const T0 = Date.parse('2026-11-02T08:00:00.000Z');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const at = (ms: number) => new Date(T0 + ms).toISOString();

let sessions = 0;
const closed = (registerId: string, variance: number, ms: number) =>
  sessionClosed({ sessionId: `sess-${++sessions}`, registerId, variance }, { occurredAt: at(ms) });

const tick = (ms: number) => tickAt(at(ms));

const run = (events: AnyEvent[], r: RuleConfig = rule) => runDetector(detector, events, r);

const ids = (signal: Signal) => signal.evidence.map((e) => e.eventId);

describe('cash.variance-repeated', () => {
  it('given two bad sessions on a register, when a third closes within 7 days, raises a warning keyed by the register', () => {
    const events = [closed('reg-1', -15, 0), closed('reg-1', 12, 2 * DAY), closed('reg-1', -11, 6 * DAY)];
    const { signals } = run(events);
    expect(signals).toHaveLength(1);
    expect(signals[0]).toMatchObject({ kind: 'raise', key: 'reg-1', severity: 'warning' });
    expect(ids(signals[0])).toEqual([events[2].id, events[1].id, events[0].id]);
  });

  it('given two bad sessions only, raises nothing', () => {
    expect(run([closed('reg-1', -15, 0), closed('reg-1', -15, DAY), closed('reg-1', 0, 2 * DAY)]).signals).toEqual([]);
  });

  it.each([
    [10, 0],
    [-10, 0],
    [10.01, 1],
    [-10.01, 1],
  ])('counts a session off by %s € only above 10.00 € (strict): %s raise(s)', (variance, raises) => {
    const events = [closed('reg-1', -20, 0), closed('reg-1', -20, DAY), closed('reg-1', variance, 2 * DAY)];
    expect(run(events).signals).toHaveLength(raises);
  });

  it('keeps registers apart', () => {
    expect(run([closed('reg-1', -15, 0), closed('reg-2', -15, DAY), closed('reg-1', -15, 2 * DAY)]).signals).toEqual([]);
  });

  it('given sessions exactly 7 days apart, the first has left the window', () => {
    expect(run([closed('reg-1', -15, 0), closed('reg-1', -15, 3 * DAY), closed('reg-1', -15, 7 * DAY)]).signals).toEqual([]);
    expect(run([closed('reg-1', -15, 0), closed('reg-1', -15, 3 * DAY), closed('reg-1', -15, 7 * DAY - 1)]).signals).toHaveLength(1);
  });

  it('while open, each further bad session updates the anomaly with its own evidence; good ones do not', () => {
    const more = closed('reg-1', -30, 4 * DAY);
    const { signals } = run([
      closed('reg-1', -15, 0),
      closed('reg-1', -15, DAY),
      closed('reg-1', -15, 2 * DAY),
      closed('reg-1', 0, 3 * DAY),
      more,
    ]);
    expect(signals.map((s) => s.kind)).toEqual(['raise', 'raise']);
    expect(ids(signals[1])[0]).toBe(more.id);
    expect(signals[1].kind === 'raise' && signals[1].details.count).toBe(4);
  });

  it('resolves on the first tick 7 days after the last bad session, and forgets the register', () => {
    const events = [closed('reg-1', -15, 0), closed('reg-1', -15, DAY), closed('reg-1', -15, 2 * DAY)];
    const early = run([...events, tick(9 * DAY - 1)]);
    expect(early.signals.map((s) => s.kind)).toEqual(['raise']);
    expect(early.states.get('reg-1')?.bad).toHaveLength(1);
    const late = run([...events, tick(9 * DAY)]);
    expect(late.signals.map((s) => s.kind)).toEqual(['raise', 'resolve']);
    expect(late.signals[1].key).toBe('reg-1');
    expect(late.states.has('reg-1')).toBe(false);
  });

  it('resolves on the next closing of the register at least 7 days after the last bad one, not before', () => {
    const events = [closed('reg-1', -15, 0), closed('reg-1', -15, DAY), closed('reg-1', -15, 2 * DAY)];
    expect(run([...events, closed('reg-1', 0, 8 * DAY)]).signals.map((s) => s.kind)).toEqual(['raise']);
    expect(run([...events, closed('reg-1', 0, 9 * DAY)]).signals.map((s) => s.kind)).toEqual(['raise', 'resolve']);
    expect(run([...events, closed('reg-2', 0, 9 * DAY)]).signals.map((s) => s.kind)).toEqual(['raise']);
  });

  it('given an episode long over, a new bad session resolves it and starts counting afresh', () => {
    const events = [closed('reg-1', -15, 0), closed('reg-1', -15, DAY), closed('reg-1', -15, 2 * DAY)];
    const { signals, states } = run([...events, closed('reg-1', -15, 20 * DAY)]);
    expect(signals.map((s) => s.kind)).toEqual(['raise', 'resolve']);
    expect(states.get('reg-1')).toEqual({ bad: [expect.objectContaining({ at: at(20 * DAY) })], open: false });
  });

  it('a second episode starts from different evidence, so it gets a new anomaly id', () => {
    const first = [closed('reg-1', -15, 0), closed('reg-1', -15, DAY), closed('reg-1', -15, 2 * DAY)];
    const second = [closed('reg-1', -15, 10 * DAY), closed('reg-1', -15, 11 * DAY), closed('reg-1', -15, 12 * DAY)];
    const raises = run([...first, tick(9 * DAY), ...second]).signals.filter((s) => s.kind === 'raise');
    expect(raises).toHaveLength(2);
    expect(ids(raises[1])).not.toContain(ids(raises[0])[0]);
  });

  it('counts a republished closing (same event id) once', () => {
    const bad = closed('reg-1', -15, DAY);
    expect(run([closed('reg-1', -15, 0), bad, bad]).signals).toEqual([]);
  });

  it('writes a French title and summary with amounts as 10,00 €', () => {
    const [signal] = run([closed('reg-1', -15, 0), closed('reg-1', -15, DAY), closed('reg-1', -12.5, 2 * DAY)]).signals;
    expect(signal.kind === 'raise' && signal.title).toBe('Écarts de caisse répétés sur la caisse reg-1');
    expect(signal.kind === 'raise' && signal.summary).toContain("3 sessions fermées avec un écart de plus de 10,00 € en 7 jours");
    expect(signal.kind === 'raise' && signal.summary).toContain('-12,50 €');
  });

  it('is deterministic: the same events give the same signals and states', () => {
    const events = [
      closed('reg-1', -15, 0),
      closed('reg-2', 40, HOUR),
      closed('reg-1', 15, DAY),
      closed('reg-2', -40, 2 * DAY),
      closed('reg-1', -15, 3 * DAY),
      tick(4 * DAY),
      closed('reg-2', -40, 5 * DAY),
      tick(12 * DAY),
    ];
    const a = run(events);
    expect(a.signals.map((s) => `${s.kind}:${s.key}`)).toEqual(['raise:reg-1', 'raise:reg-2', 'resolve:reg-1', 'resolve:reg-2']);
    expect(run(events)).toEqual(a);
  });

  it('keeps its state bounded: 1000 bad closings in a day keep at most 100', () => {
    const events = Array.from({ length: 1000 }, (_, i) => closed('reg-1', -15, i * 60_000));
    const { states, signals } = run(events);
    expect(states.get('reg-1')!.bad.length).toBeLessThanOrEqual(100);
    expect(signals.every((s) => s.kind === 'raise' && s.evidence.length <= 20)).toBe(true);
  });

  it('follows configured params', () => {
    const strict = { ...rule, params: { varianceAbove: 5, minSessions: 2, windowDays: 1 } };
    const events = [closed('reg-1', -6, 0), closed('reg-1', -6, 20 * HOUR)];
    expect(run(events).signals).toEqual([]);
    expect(run(events, strict).signals).toHaveLength(1);
    expect(run([closed('reg-1', -6, 0), closed('reg-1', -6, DAY)], strict).signals).toEqual([]);
  });
});
