import { type AnyEvent, createEvent } from '@vigie/contracts';
import { DEFAULT_RULES } from '../rules/defaults';
import type { RuleConfig } from '../rules/rule-config';
import type { Signal } from './detector';
import { runDetector } from './detector-spec-support';
import { jobFailedDetector as detector } from './job-failed.detector';

const rule = DEFAULT_RULES.find((r) => r.ruleId === 'job.failed')!;
const T0 = Date.parse('2026-11-02T08:00:00.000Z');
let runs = 0;

/** Runs of `job` an hour apart: `.` succeeded, `x` failed. */
function outcomes(pattern: string, job = 'reporting.generate-weekly-report'): AnyEvent[] {
  return [...pattern].map((c) => {
    const n = ++runs;
    return createEvent(
      'ops.job.completed',
      {
        job,
        runId: `run-${n}`,
        trigger: 'schedule',
        status: c === '.' ? 'succeeded' : 'failed',
        startedAt: new Date(T0 + n * 3_600_000 - 5000).toISOString(),
        durationMs: 5000,
        ...(c === 'x' ? { error: 'projections not caught up' } : {}),
      },
      { source: 'reporting', siteId: 'global', occurredAt: new Date(T0 + n * 3_600_000).toISOString() },
    );
  });
}

const run = (events: AnyEvent[], r: RuleConfig = rule) => runDetector(detector, events, r);

const summary = (signals: Signal[]) => signals.map((s) => (s.kind === 'raise' ? `raise:${s.severity}` : 'resolve')).join(' ') || 'nothing';

describe('job.failed', () => {
  it.each([
    ['...', 'nothing'],
    ['.x', 'raise:warning'],
    ['x.', 'raise:warning resolve'],
    ['xx', 'raise:warning raise:warning'],
    ['xxx', 'raise:warning raise:warning raise:critical'],
    ['xx.xx', 'raise:warning raise:warning resolve raise:warning raise:warning'],
  ])('given runs %s, signals %s', (pattern, expected) => {
    expect(summary(run(outcomes(pattern)).signals)).toBe(expected);
  });

  it('raises keyed by the job with the failure first and its error, and counts failures in a row', () => {
    const events = outcomes('xx');
    const { signals } = run(events);
    expect(signals[1]).toMatchObject({ kind: 'raise', key: 'reporting.generate-weekly-report', severity: 'warning' });
    expect(signals[1].evidence.map((e) => e.eventId)).toEqual([events[1].id, events[0].id]);
    expect(signals[1].kind === 'raise' && signals[1].details).toMatchObject({ consecutiveFailures: 2, error: 'projections not caught up' });
    expect(signals[1].kind === 'raise' && signals[1].summary).toContain('2 exécutions de suite de reporting.generate-weekly-report ont échoué');
  });

  it('a success with nothing failed before resolves nothing', () => {
    const { states, signals } = run(outcomes('..'));
    expect(signals).toEqual([]);
    expect(states.get('reporting.generate-weekly-report')).toMatchObject({ consecutiveFailures: 0, recent: [] });
  });

  it('ignores a redelivered or older outcome', () => {
    const events = outcomes('x.');
    expect(summary(run([...events, events[0]]).signals)).toBe('raise:warning resolve');
  });

  it('keeps jobs apart and lets overrides name a job as a token', () => {
    const events = [...outcomes('x', 'reporting.apply-retention'), ...outcomes('.', 'reporting.generate-weekly-report')];
    expect(run(events).signals.map((s) => `${s.kind}:${s.key}`)).toEqual(['raise:reporting.apply-retention']);
    expect(detector.subjectOf!(events[0])).toBe('reporting_apply-retention');
  });

  it('follows a configured critical threshold', () => {
    expect(summary(run(outcomes('x'), { ...rule, params: { criticalAt: 1 } }).signals)).toBe('raise:critical');
  });
});
