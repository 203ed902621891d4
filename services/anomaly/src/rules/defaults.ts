import type { RuleConfig } from './rule-config';

/**
 * Default rules, from ARCHITECTURE.md's table. Bump `version` whenever a default changes: every
 * anomaly records the version of the rule that raised it.
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
];
