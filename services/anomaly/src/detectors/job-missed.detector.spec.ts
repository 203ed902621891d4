import { type AnyEvent, createEvent } from '@vigie/contracts';
import { DEFAULT_RULES } from '../rules/defaults';
import type { RuleConfig } from '../rules/rule-config';
import { kindsText, runDetector, tickAt } from './detector-spec-support';
import { jobMissedDetector as detector } from './job-missed.detector';

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
const tick = (ms: number) => tickAt(at(ms));

const run = (events: AnyEvent[], r: RuleConfig = rule) => runDetector(detector, events, r);

describe('job.missed', () => {
  it('a tick exactly the grace (15 min) after the due time raises nothing; one ms later raises', () => {
    expect(kindsText(run([completed(1000, DAY), tick(DAY + 15 * MIN)]).signals)).toBe('nothing');
    expect(kindsText(run([completed(1000, DAY), tick(DAY + 15 * MIN + 1)]).signals)).toBe('raise:reporting.analyze-recommendations');
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
    expect(kindsText(signals)).toBe('raise:reporting.analyze-recommendations resolve:reporting.analyze-recommendations');
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
    expect(kindsText(run([first, completed(DAY, 2 * DAY), first, tick(DAY + 20 * MIN)]).signals)).toBe('nothing');
  });

  it('follows a configured grace', () => {
    expect(kindsText(run([completed(1000, DAY), tick(DAY + 2 * MIN)], { ...rule, params: { graceMinutes: 1 } }).signals)).toBe(
      'raise:reporting.analyze-recommendations',
    );
  });
});
