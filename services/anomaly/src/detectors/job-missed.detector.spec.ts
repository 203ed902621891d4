import { type AnyEvent, createEvent } from '@vigie/contracts';
import { DEFAULT_RULES } from '../rules/defaults';
import type { RuleConfig } from '../rules/rule-config';
import type { Signal, TickEvent } from './detector';
import { type JobMissedState, jobMissedDetector as detector } from './job-missed.detector';

const rule = DEFAULT_RULES.find((r) => r.ruleId === 'job.missed')!;
const T0 = Date.parse('2026-11-02T07:00:00.000Z');
const MIN = 60_000;
const DAY = 24 * 60 * MIN;
const at = (ms: number) => new Date(T0 + ms).toISOString();
let runs = 0;

/** A daily job's run finishing at `ms`, announcing its next occurrence a day after `dueMs`. */
const completed = (ms: number, nextDueMs: number | undefined, job = 'reporting.analyze-recommendations', status: 'succeeded' | 'failed' = 'succeeded') =>
  createEvent(
    'ops.job.completed',
    {
      job,
      runId: `run-${++runs}`,
      trigger: 'schedule',
      status,
      startedAt: at(ms - 1000),
      durationMs: 1000,
      ...(nextDueMs === undefined ? {} : { nextDueAt: at(nextDueMs) }),
    },
    { source: 'reporting', siteId: 'global', occurredAt: at(ms) },
  );
const tick = (ms: number) => createEvent('ops.tick.emitted', {}, { source: 'monitor', siteId: 'global', occurredAt: at(ms) });

function run(events: AnyEvent[], r: RuleConfig = rule) {
  const states = new Map<string, JobMissedState>();
  const signals: Signal[] = [];
  events.forEach((event, i) => {
    const position = { stream: 'OPS', seq: i + 1 };
    const evaluations =
      event.type === 'ops.tick.emitted'
        ? [...states.keys()].sort().map((key) => ({ key, ...detector.onTick!(key, states.get(key)!, event as TickEvent, position, r) }))
        : [{ key: detector.stateKey!(event), ...detector.evaluate(states.get(detector.stateKey!(event)), event, position, r) }];
    for (const { key, state, signals: emitted } of evaluations) {
      if (state === undefined) states.delete(key);
      else states.set(key, JSON.parse(JSON.stringify(state)));
      signals.push(...emitted);
    }
  });
  return { states, signals };
}

const kinds = (signals: Signal[]) => signals.map((s) => `${s.kind}:${s.key}`).join(' ') || 'nothing';

describe('job.missed', () => {
  it('a tick exactly the grace (15 min) after the due time raises nothing; one ms later raises', () => {
    expect(kinds(run([completed(1000, DAY), tick(DAY + 15 * MIN)]).signals)).toBe('nothing');
    expect(kinds(run([completed(1000, DAY), tick(DAY + 15 * MIN + 1)]).signals)).toBe('raise:reporting.analyze-recommendations');
  });

  it('a run finishing within the grace raises nothing, and moves the due time on', () => {
    const events = [completed(1000, DAY), tick(DAY + 5 * MIN), completed(DAY + 10 * MIN, 2 * DAY), tick(DAY + 20 * MIN), tick(2 * DAY + 15 * MIN)];
    expect(run(events).signals).toEqual([]);
  });

  it('raises once with the tick first, on the job’s site, and resolves at the next finished run, even a failed one', () => {
    const t = tick(DAY + 16 * MIN);
    const first = completed(1000, DAY);
    const events = [first, t, tick(DAY + 30 * MIN), tick(2 * DAY), completed(2 * DAY + 60_000, 3 * DAY, undefined, 'failed')];
    const { signals } = run(events);
    expect(kinds(signals)).toBe('raise:reporting.analyze-recommendations resolve:reporting.analyze-recommendations');
    expect(signals[0]).toMatchObject({ severity: 'warning', siteId: 'global', title: 'Tâche planifiée non exécutée : reporting.analyze-recommendations' });
    expect(signals[0].evidence.map((e) => e.eventId)).toEqual([t.id, first.id]);
    expect(signals[0].kind === 'raise' && signals[0].details).toMatchObject({ dueAt: at(DAY), lateMs: 16 * MIN });
    expect(signals[1].evidence[0].eventId).toBe(events[4].id);
  });

  it('knows nothing of a job never seen, nor of one that announced no next run', () => {
    expect(run([tick(10 * DAY)]).signals).toEqual([]);
    expect(run([completed(1000, undefined), tick(10 * DAY)]).signals).toEqual([]);
  });

  it('ignores a redelivered run', () => {
    const first = completed(1000, DAY);
    expect(kinds(run([first, completed(DAY, 2 * DAY), first, tick(DAY + 20 * MIN)]).signals)).toBe('nothing');
  });

  it('follows a configured grace', () => {
    expect(kinds(run([completed(1000, DAY), tick(DAY + 2 * MIN)], { ...rule, params: { graceMinutes: 1 } }).signals)).toBe(
      'raise:reporting.analyze-recommendations',
    );
  });
});
