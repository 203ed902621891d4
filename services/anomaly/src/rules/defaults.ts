import type { RuleConfig } from './rule-config';

/**
 * Default rules, from ARCHITECTURE.md's table. Bump `version` whenever a default changes: every
 * anomaly records the version of the rule that raised it. Param names say how they compare:
 * `…Above` is strict (>), `…At` and `min…` are inclusive (≥); a window keeps what is younger than it.
 */
export const DEFAULT_RULES: readonly RuleConfig[] = [
  {
    ruleId: 'cash.variance',
    version: 1,
    enabled: true,
    severity: 'warning',
    // Strict thresholds in euros: a 10.00 € variance is tolerated, 10.01 € is not.
    params: { warningAbove: 10, criticalAbove: 50 },
  },
  {
    ruleId: 'cash.variance-repeated',
    version: 1,
    enabled: true,
    severity: 'warning',
    // A session counts as cash.variance would (> 10.00 €); resolved once none is left in the window.
    params: { varianceAbove: 10, minSessions: 3, windowDays: 7 },
  },
  {
    ruleId: 'sync.consecutive-failures',
    version: 1,
    enabled: true,
    severity: 'warning',
    params: { warningAt: 3, criticalAt: 5 },
  },
  {
    ruleId: 'sync.stale',
    version: 1,
    enabled: true,
    severity: 'critical',
    // "An export failing for more than 24 h must reach an admin" (DOMAIN.md).
    params: { staleAfterHours: 24 },
  },
  {
    ruleId: 'ai.error-rate',
    version: 1,
    enabled: true,
    severity: 'warning',
    params: { windowSize: 100, minSamples: 20, warningAbovePercent: 5, criticalAbovePercent: 20 },
  },
  {
    ruleId: 'ai.slow',
    version: 1,
    enabled: true,
    severity: 'warning',
    // Nearest-rank percentile; the target is a classification in under 3 s (DOMAIN.md).
    params: { windowSize: 100, minSamples: 20, percentile: 95, latencyAboveMs: 3000 },
  },
  {
    ruleId: 'ai.low-confidence',
    version: 1,
    enabled: true,
    severity: 'warning',
    // Below 0.70 the bot asks a volunteer to validate (DOMAIN.md).
    params: { windowSize: 100, minSamples: 20, confidenceBelow: 0.7, lowShareAbovePercent: 30 },
  },
  {
    ruleId: 'auth.failure-burst',
    version: 1,
    enabled: true,
    severity: 'warning',
    params: { windowMinutes: 15, warningAt: 5, criticalAt: 10 },
  },
  {
    ruleId: 'service.down',
    version: 1,
    enabled: true,
    severity: 'critical',
    params: { silenceAboveSeconds: 30 },
  },
  {
    ruleId: 'service.unhealthy',
    version: 1,
    enabled: true,
    severity: 'critical',
    params: { failuresAt: 3 },
  },
  {
    ruleId: 'pipeline.dead-letter',
    version: 1,
    enabled: true,
    severity: 'warning',
    // One anomaly per (stream, durable), counting its dead letters; resolved by an acknowledgement.
    params: {},
  },
  {
    ruleId: 'pipeline.consumer-lag',
    version: 1,
    enabled: true,
    severity: 'warning',
    // Lag = pending + delivered-unacknowledged, from the monitor's samples; must last `forSeconds` (≥) by their event time.
    params: { pendingAbove: 10_000, forSeconds: 60 },
  },
  {
    ruleId: 'job.failed',
    version: 1,
    enabled: true,
    severity: 'warning',
    // A failed run of a scheduled job (issue #8); critical once it failed this many times in a row.
    params: { criticalAt: 3 },
  },
  {
    ruleId: 'job.missed',
    version: 1,
    enabled: true,
    severity: 'warning',
    // As the reporting dashboard's JOB_MISSED_GRACE_MS: a run may finish this late before it counts as missed.
    params: { graceMinutes: 15 },
  },
  {
    ruleId: 'anomaly.flapping',
    version: 1,
    enabled: true,
    severity: 'warning',
    // Not a detector: how the lifecycle folds flaps. A (rule, key) raised more than 5 times within an hour
    // (event time) raises one anomaly marked flapping that absorbs the flaps; it ends after an hour quiet.
    // Overridable per site, or per rule with the rule id as subject (`sync_stale`).
    params: { raisesAbove: 5, windowMinutes: 60, quietMinutes: 60 },
  },
];

/** Rules of the lifecycle itself, with no detector of their own. */
export const LIFECYCLE_RULE_IDS: readonly string[] = ['anomaly.flapping'];
