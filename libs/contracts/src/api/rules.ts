import { z } from 'zod';
import { Severity } from '../events/common';
import { ApiToken } from './common';

/** Where an override applies: everywhere, one site, one subject (a register, a target...), or both. */
export const RuleScope = z.object({ siteId: ApiToken.optional(), subject: ApiToken.optional() }).strict();
export type RuleScope = z.infer<typeof RuleScope>;

export const RuleOverrideView = z.object({
  ruleId: z.string(),
  scope: z.object({ siteId: z.string().optional(), subject: z.string().optional() }),
  enabled: z.boolean().optional(),
  severity: Severity.optional(),
  params: z.record(z.string(), z.number()).optional(),
});
export type RuleOverrideView = z.infer<typeof RuleOverrideView>;

export const RuleView = z.object({
  ruleId: z.string(),
  version: z.number().int(),
  enabled: z.boolean(),
  severity: Severity,
  /** The defaults; `overrides` change them per scope. */
  params: z.record(z.string(), z.number()),
  overrides: z.array(RuleOverrideView),
});
export type RuleView = z.infer<typeof RuleView>;
export const RuleListResponse = z.object({ items: z.array(RuleView) });
export type RuleListResponse = z.infer<typeof RuleListResponse>;

/** `PUT /api/rules/:ruleId` — the gateway adds `by` (the admin's principal). */
export const UpdateRuleRequest = z
  .object({
    scope: RuleScope.default({}),
    enabled: z.boolean().optional(),
    severity: Severity.optional(),
    params: z.record(z.string().regex(/^[A-Za-z][A-Za-z0-9]{0,63}$/, 'must be a parameter name'), z.number().finite().min(0, 'must be ≥ 0')).optional(),
  })
  .strict()
  .refine((b) => b.enabled !== undefined || b.severity !== undefined || b.params !== undefined, {
    message: 'give at least one of enabled, severity, params',
  });
export type UpdateRuleRequest = z.input<typeof UpdateRuleRequest>;
