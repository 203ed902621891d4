import type { DayPlan } from '../plan/day-plan';

/**
 * The default rules of ARCHITECTURE.md, judged on a plan instead of events, to tell which ones a
 * simulated week would cross. Thresholds copied from the rules table (strict `>` unless said).
 */
const DAY_MS = 86_400_000;
const CASH_VARIANCE_ABOVE_CENTS = 1000;
const REPEATED_MIN_SESSIONS = 3;
const REPEATED_WINDOW_MS = 7 * DAY_MS;
const SYNC_FAILURES_AT = 3;
const SYNC_STALE_AFTER_MS = 24 * 3_600_000;
const AI_WINDOW = 100;
const AI_MIN_SAMPLES = 20;
const AI_ERROR_ABOVE_PERCENT = 5;
const AI_SLOW_ABOVE_MS = 3000;
const AI_LOW_CONFIDENCE_BELOW = 0.7;
const AI_LOW_SHARE_ABOVE_PERCENT = 30;
const AUTH_FAILURES_AT = 5;
const AUTH_WINDOW_MS = 15 * 60_000;
const SERVICE_SILENCE_ABOVE_MS = 30_000;

function windows<T>(items: readonly T[], check: (window: readonly T[]) => boolean): boolean {
  for (let end = AI_MIN_SAMPLES; end <= items.length; end++) {
    if (check(items.slice(Math.max(0, end - AI_WINDOW), end))) return true;
  }
  return false;
}

function nearestRank(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length))) - 1];
}

/** The ids of the rules the planned days cross; `partnerTarget` is the target whose runs fail when its partner is down. */
export function crossedRules(days: readonly DayPlan[], partnerTarget?: string): Set<string> {
  const crossed = new Set<string>();
  const sessions = days.flatMap((d) => d.sessions).sort((a, b) => a.closeAt - b.closeAt);
  const bad = sessions.filter((s) => Math.abs(s.varianceCents) > CASH_VARIANCE_ABOVE_CENTS);
  if (bad.length > 0) crossed.add('cash.variance');
  for (const s of bad) {
    const inWindow = bad.filter((o) => o.registerId === s.registerId && o.closeAt <= s.closeAt && s.closeAt - o.closeAt < REPEATED_WINDOW_MS);
    if (inWindow.length >= REPEATED_MIN_SESSIONS) crossed.add('cash.variance-repeated');
  }

  const runs = days.flatMap((d) => d.syncRuns).sort((a, b) => a.at - b.at);
  for (const target of new Set(runs.map((r) => r.target))) {
    let failures = 0;
    let since: number | undefined;
    for (const run of runs.filter((r) => r.target === target)) {
      // The run's started event, then its outcome a moment later.
      if (since !== undefined && run.at - since > SYNC_STALE_AFTER_MS) crossed.add('sync.stale');
      since ??= run.at;
      if (run.target === partnerTarget && run.partner === 'down') {
        if (++failures >= SYNC_FAILURES_AT) crossed.add('sync.consecutive-failures');
      } else {
        failures = 0;
        since = run.at + 1;
      }
    }
  }

  const replies = days.flatMap((d) => d.deposits).sort((a, b) => a.at - b.at).map((d) => d.model);
  if (windows(replies, (w) => w.filter((r) => r.kind === 'error').length * 100 > AI_ERROR_ABOVE_PERCENT * w.length)) {
    crossed.add('ai.error-rate');
  }
  if (windows(replies, (w) => nearestRank(w.map((r) => r.latencyMs), 95) > AI_SLOW_ABOVE_MS)) crossed.add('ai.slow');
  const answers = replies.flatMap((r) => (r.kind === 'answer' ? [r] : []));
  if (windows(answers, (w) => w.filter((r) => r.confidence < AI_LOW_CONFIDENCE_BELOW).length * 100 > AI_LOW_SHARE_ABOVE_PERCENT * w.length)) {
    crossed.add('ai.low-confidence');
  }

  const failures = days.flatMap((d) => d.logins).filter((l) => l.outcome === 'failed');
  for (const f of failures) {
    const burst = failures.filter((o) => o.principal === f.principal && o.at <= f.at && f.at - o.at < AUTH_WINDOW_MS);
    if (burst.length >= AUTH_FAILURES_AT) crossed.add('auth.failure-burst');
  }

  if (days.some((d) => d.outages.some((o) => o.downForMs > SERVICE_SILENCE_ABOVE_MS))) crossed.add('service.down');
  return crossed;
}
