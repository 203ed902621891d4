import type { Severity } from '@vigie/contracts';

/** The effective configuration of one rule: defaults from defaults.ts, later overridden per site. */
export interface RuleConfig {
  ruleId: string;
  version: number;
  enabled: boolean;
  severity: Severity;
  params: Record<string, number>;
}
