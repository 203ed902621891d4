import { type AnyEvent, createEvent } from '@vigie/contracts';
import { DEFAULT_RULES } from '../rules/defaults';
import type { RuleConfig } from '../rules/rule-config';
import { runDetector } from './detector-spec-support';
import { syncConsecutiveFailuresDetector as detector } from './sync-consecutive-failures.detector';

const rule = DEFAULT_RULES.find((r) => r.ruleId === 'sync.consecutive-failures')!;
const T0 = Date.parse('2026-11-02T08:00:00.000Z');
const at = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString();

let runs = 0;
const meta = (minutes: number) => ({ source: 'sync', siteId: 'site-1', occurredAt: at(minutes) });
const failed = (target: string, minutes: number, code = 'quota_exceeded') =>
  createEvent(
    'sync.run.failed',
    { runId: `run-${++runs}`, target, durationMs: 1200, attempt: 1, error: { code, message: 'Quota exceeded for compta@example.org' } },
    meta(minutes),
  );
const succeeded = (target: string, minutes: number) =>
  createEvent('sync.run.succeeded', { runId: `run-${++runs}`, target, durationMs: 900, itemCount: 12 }, meta(minutes));

const run = (events: AnyEvent[], r: RuleConfig = rule) => runDetector(detector, events, r);

const failures = (target: string, n: number, from = 0) => Array.from({ length: n }, (_, i) => failed(target, from + i));

const retried = (target: string, runId: string, attempts: number, from = 0) =>
  Array.from({ length: attempts }, (_, i) =>
    createEvent(
      'sync.run.failed',
      { runId, target, durationMs: 1000, attempt: i + 1, error: { code: 'sync.http-5xx', message: 'busy' } },
      meta(from + i),
    ),
  );

describe('sync.consecutive-failures', () => {
  it('counts failed runs, not attempts: one run failing 5 attempts raises nothing, 3 such runs raise', () => {
    expect(run(retried('accounting', 'run-a', 5)).signals).toEqual([]);
    const three = [...retried('accounting', 'run-a', 5), ...retried('accounting', 'run-b', 5, 10), ...retried('accounting', 'run-c', 2, 20)];
    const { signals, states } = run(three);
    expect(signals).toHaveLength(1);
    expect(signals[0]).toMatchObject({ kind: 'raise', severity: 'warning', details: { consecutiveFailures: 3, lastRunId: 'run-c' } });
    expect(states.get('accounting')?.count).toBe(3);
  });

  it('given 2 consecutive failures, raises nothing', () => {
    expect(run(failures('accounting', 2)).signals).toEqual([]);
  });

  it('given a 3rd consecutive failure, raises a warning keyed by the target, the 3rd failure first', () => {
    const events = failures('accounting', 3);
    const { signals } = run(events);
    expect(signals).toHaveLength(1);
    expect(signals[0]).toMatchObject({ kind: 'raise', key: 'accounting', severity: 'warning' });
    expect(signals[0].evidence.map((e) => e.eventId)).toEqual([events[2].id, events[1].id, events[0].id]);
    expect(signals[0].evidence[0]).toEqual({ stream: 'SYNC', seq: 3, eventId: events[2].id });
  });

  it('a success in between breaks the streak', () => {
    const events = [failed('accounting', 0), failed('accounting', 1), succeeded('accounting', 2), failed('accounting', 3), failed('accounting', 4)];
    expect(run(events).signals).toEqual([]);
  });

  it('keeps targets apart', () => {
    expect(run([failed('accounting', 0), failed('mailer', 1), failed('accounting', 2)]).signals).toEqual([]);
  });

  it('updates on each further failure and escalates to critical at the 5th', () => {
    const { signals } = run(failures('accounting', 6));
    expect(signals.map((s) => s.kind === 'raise' && s.severity)).toEqual(['warning', 'warning', 'critical', 'critical']);
    expect(signals.map((s) => s.kind === 'raise' && s.details.consecutiveFailures)).toEqual([3, 4, 5, 6]);
  });

  it('resolves on the next success, and forgets the target', () => {
    const success = succeeded('accounting', 10);
    const { signals, states } = run([...failures('accounting', 3), success]);
    expect(signals.map((s) => s.kind)).toEqual(['raise', 'resolve']);
    expect(signals[1]).toEqual({ kind: 'resolve', key: 'accounting', evidence: [{ stream: 'SYNC', seq: 4, eventId: success.id }] });
    expect(states.has('accounting')).toBe(false);
  });

  it('a success with nothing open resolves nothing', () => {
    expect(run([failed('accounting', 0), succeeded('accounting', 1)]).signals).toEqual([]);
  });

  it('counts a redelivered failure once', () => {
    const second = failed('accounting', 1);
    expect(run([failed('accounting', 0), second, second]).signals).toEqual([]);
  });

  it('keeps only the error code from the outside system, never its message', () => {
    const [signal] = run(failures('accounting', 3)).signals;
    expect(signal.kind === 'raise' && signal.title).toBe('Échec de synchronisation vers accounting : 3 échecs consécutifs');
    expect(signal.kind === 'raise' && signal.summary).toContain('quota_exceeded');
    expect(JSON.stringify(signal)).not.toContain('example.org');
  });

  it('is deterministic: the same events give the same signals and states', () => {
    const events = [...failures('accounting', 4), failed('mailer', 5), succeeded('accounting', 6), ...failures('mailer', 3, 7)];
    const a = run(events);
    expect(a.signals.map((s) => `${s.kind}:${s.key}`)).toEqual(['raise:accounting', 'raise:accounting', 'resolve:accounting', 'raise:mailer', 'raise:mailer']);
    expect(run(events)).toEqual(a);
  });

  it('keeps its state bounded: 1000 failures keep at most 100 references', () => {
    const { states, signals } = run(failures('accounting', 1000));
    expect(states.get('accounting')!.count).toBe(1000);
    expect(states.get('accounting')!.recent.length).toBeLessThanOrEqual(100);
    expect(signals.every((s) => s.evidence.length <= 20)).toBe(true);
  });

  it('follows configured params', () => {
    const r = { ...rule, params: { warningAt: 2, criticalAt: 3 } };
    expect(run(failures('accounting', 3), r).signals.map((s) => s.kind === 'raise' && s.severity)).toEqual(['warning', 'critical']);
  });
});
