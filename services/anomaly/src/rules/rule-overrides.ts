import type { Severity } from '@vigie/contracts';
import type { RuleConfig } from './rule-config';

/**
 * Where an override applies: everywhere, one site, or one subject (a register, a sync target, an AI
 * model, a service — whatever the rule watches), optionally within one site.
 */
export interface RuleScope {
  siteId?: string;
  subject?: string;
}

export interface RuleOverride {
  ruleId: string;
  scope: RuleScope;
  enabled?: boolean;
  severity?: Severity;
  params?: Record<string, number>;
}

/** Sorts broad scopes first so narrower ones win: global < site < subject < site+subject. */
function specificity(scope: RuleScope): number {
  return (scope.siteId ? 1 : 0) + (scope.subject ? 2 : 0);
}

export function scopeMatches(scope: RuleScope, siteId: string, subject: string | undefined): boolean {
  return (!scope.siteId || scope.siteId === siteId) && (!scope.subject || scope.subject === subject);
}

/** Pure: the effective rule for one site/subject, from the default and every matching override. */
export function effectiveRule(
  base: RuleConfig,
  revision: number,
  overrides: readonly RuleOverride[],
  siteId: string,
  subject: string | undefined,
): RuleConfig {
  const applicable = overrides
    .filter((o) => o.ruleId === base.ruleId && scopeMatches(o.scope, siteId, subject))
    .sort((a, b) => specificity(a.scope) - specificity(b.scope));
  return applicable.reduce<RuleConfig>(
    (rule, o) => ({
      ...rule,
      enabled: o.enabled ?? rule.enabled,
      severity: o.severity ?? rule.severity,
      params: { ...rule.params, ...(o.params ?? {}) },
    }),
    { ...base, version: base.version + revision, params: { ...base.params } },
  );
}

/** Names every problem of an override against its rule's defaults (unknown params, bad values). */
export function validateOverride(base: RuleConfig, params: Record<string, number> | undefined): string[] {
  const problems: string[] = [];
  for (const [name, value] of Object.entries(params ?? {})) {
    if (!(name in base.params)) {
      problems.push(`params.${name}: unknown parameter of ${base.ruleId} (known: ${Object.keys(base.params).join(', ')})`);
    } else if (!Number.isFinite(value) || value < 0) {
      problems.push(`params.${name}: must be a number ≥ 0`);
    }
  }
  return problems;
}
