import { type AnyEvent, createEvent } from '@vigie/contracts';
import { DEFAULT_RULES } from '../rules/defaults';
import type { RuleConfig } from '../rules/rule-config';
import { kinds, runDetector, tickAt } from './detector-spec-support';
import { syncStaleDetector as detector } from './sync-stale.detector';

const rule = DEFAULT_RULES.find((r) => r.ruleId === 'sync.stale')!;
const T0 = Date.parse('2026-11-02T08:00:00.000Z');
const MIN = 60_000;
const HOUR = 60 * MIN;
const at = (ms: number) => new Date(T0 + ms).toISOString();

let runs = 0;
const meta = (ms: number) => ({ source: 'sync', siteId: 'site-1', occurredAt: at(ms) });
const started = (target: string, ms: number) => createEvent('sync.run.started', { runId: `run-${++runs}`, target }, meta(ms));
const succeeded = (target: string, ms: number) =>
  createEvent('sync.run.succeeded', { runId: `run-${++runs}`, target, durationMs: 900, itemCount: 12 }, meta(ms));
const failed = (target: string, ms: number) =>
  createEvent(
    'sync.run.failed',
    { runId: `run-${++runs}`, target, durationMs: 1200, attempt: 1, error: { code: 'auth_expired', message: 'token expired' } },
    meta(ms),
  );
const tick = (ms: number) => tickAt(at(ms));

const run = (events: AnyEvent[], r: RuleConfig = rule) => runDetector(detector, events, r);

describe('sync.stale', () => {
  it('given a success then failures, a tick exactly 24 h after the success raises nothing (strict)', () => {
    expect(run([succeeded('accounting', 0), failed('accounting', HOUR), tick(24 * HOUR)]).signals).toEqual([]);
  });

  it('given a success then failures, a tick past 24 h raises a critical anomaly for the target, on its site', () => {
    const t = tick(24 * HOUR + 1);
    const { signals } = run([succeeded('accounting', 0), failed('accounting', HOUR), t]);
    expect(signals).toHaveLength(1);
    expect(signals[0]).toMatchObject({ kind: 'raise', key: 'accounting', severity: 'critical', siteId: 'site-1' });
    expect(signals[0].evidence[0]).toEqual({ stream: 'OPS', seq: 3, eventId: t.id });
    expect(signals[0].kind === 'raise' && signals[0].title).toBe('Synchronisation vers accounting en retard : aucune réussite depuis 24 h');
  });

  it('a nightly run starting just after 24 h and succeeding at once raises nothing', () => {
    const signals = run([succeeded('accounting', 0), started('accounting', 24 * HOUR + MIN), succeeded('accounting', 24 * HOUR + 2 * MIN)]).signals;
    expect(signals).toEqual([]);
  });

  it('a run started and never finished counts as an attempt', () => {
    expect(kinds(run([succeeded('accounting', 0), started('accounting', HOUR), tick(25 * HOUR)]).signals)).toEqual(['raise:accounting']);
  });

  it('a target that was not attempted since its last success never fires', () => {
    expect(run([started('accounting', 0), succeeded('accounting', MIN), tick(48 * HOUR), tick(96 * HOUR)]).signals).toEqual([]);
  });

  it('a target that never succeeded is stale 24 h after its first attempt', () => {
    const events = [started('accounting', 0), failed('accounting', MIN), failed('accounting', 12 * HOUR)];
    expect(run([...events, tick(24 * HOUR)]).signals).toEqual([]);
    const { signals } = run([...events, tick(24 * HOUR + 1)]);
    expect(kinds(signals)).toEqual(['raise:accounting']);
    expect(signals[0].kind === 'raise' && signals[0].summary).toContain("n'a jamais réussi");
  });

  it('is also checked on sync events: a failure 25 h after the last success raises at once', () => {
    const late = failed('accounting', 25 * HOUR);
    const { signals } = run([succeeded('accounting', 0), late]);
    expect(kinds(signals)).toEqual(['raise:accounting']);
    expect(signals[0].evidence[0].eventId).toBe(late.id);
  });

  it('raises once, then resolves on the next success', () => {
    const success = succeeded('accounting', 30 * HOUR);
    const { signals, states } = run([
      succeeded('accounting', 0),
      failed('accounting', HOUR),
      tick(25 * HOUR),
      failed('accounting', 26 * HOUR),
      tick(27 * HOUR),
      success,
    ]);
    expect(kinds(signals)).toEqual(['raise:accounting', 'resolve:accounting']);
    expect(signals[1].evidence).toEqual([{ stream: 'SYNC', seq: 6, eventId: success.id }]);
    expect(states.get('accounting')).toMatchObject({ open: false, lastSuccess: { at: at(30 * HOUR) } });
    expect(states.get('accounting')?.firstAttempt).toBeUndefined();
  });

  it('after a resolution, a new stale period raises again from new evidence', () => {
    const { signals } = run([
      succeeded('accounting', 0),
      failed('accounting', HOUR),
      tick(25 * HOUR),
      succeeded('accounting', 26 * HOUR),
      failed('accounting', 27 * HOUR),
      tick(50 * HOUR + 1),
    ]);
    expect(kinds(signals)).toEqual(['raise:accounting', 'resolve:accounting', 'raise:accounting']);
    expect(signals[2].evidence[0].eventId).not.toBe(signals[0].evidence[0].eventId);
  });

  it('keeps targets apart', () => {
    const { signals } = run([succeeded('accounting', 0), succeeded('mailer', 0), failed('mailer', HOUR), tick(25 * HOUR)]);
    expect(kinds(signals)).toEqual(['raise:mailer']);
  });

  it('is deterministic: the same events give the same signals and states', () => {
    const events = [
      succeeded('accounting', 0),
      started('mailer', 0),
      failed('accounting', HOUR),
      tick(20 * HOUR),
      failed('mailer', 21 * HOUR),
      tick(25 * HOUR),
      succeeded('mailer', 26 * HOUR),
    ];
    const a = run(events);
    expect(kinds(a.signals)).toEqual(['raise:accounting', 'raise:mailer', 'resolve:mailer']);
    expect(run(events)).toEqual(a);
  });

  it('keeps its state bounded: 1000 failures leave one small record and short evidence', () => {
    const events = [succeeded('accounting', 0), ...Array.from({ length: 1000 }, (_, i) => failed('accounting', (i + 1) * MIN)), tick(48 * HOUR)];
    const { states, signals } = run(events);
    expect(Object.keys(states.get('accounting')!).sort()).toEqual(['firstAttempt', 'lastAttempt', 'lastSuccess', 'open', 'siteId']);
    expect(signals).toHaveLength(1);
    expect(signals[0].evidence.length).toBeLessThanOrEqual(4);
  });

  it('follows a configured delay', () => {
    const r = { ...rule, params: { staleAfterHours: 2 } };
    const events = [succeeded('accounting', 0), failed('accounting', MIN), tick(3 * HOUR)];
    expect(run(events).signals).toEqual([]);
    expect(kinds(run(events, r).signals)).toEqual(['raise:accounting']);
  });
});
