import type { RuleScope, RuleView, Severity, UpdateRuleRequest } from '@vigie/contracts';
import type { MessageKey } from './i18n';

const TOKEN = /^[A-Za-z0-9_-]{1,128}$/;

/** What the rule form holds: text as typed, so a bad value can be shown and explained. */
export interface RuleForm {
  siteId: string;
  subject: string;
  enabled: boolean;
  severity: Severity;
  params: Record<string, string>;
}

/** The form for one scope, filled with what applies there now (the defaults, then that scope's own override). */
export function ruleForm(rule: RuleView, scope: RuleScope = {}): RuleForm {
  const own = rule.overrides.find((o) => (o.scope.siteId ?? '') === (scope.siteId ?? '') && (o.scope.subject ?? '') === (scope.subject ?? ''));
  const params = { ...rule.params, ...(own?.params ?? {}) };
  return {
    siteId: scope.siteId ?? '',
    subject: scope.subject ?? '',
    enabled: own?.enabled ?? rule.enabled,
    severity: own?.severity ?? rule.severity,
    params: Object.fromEntries(Object.entries(params).map(([name, value]) => [name, String(value)])),
  };
}

/** `12,5` or `12.5` → 12.5; anything else (empty, negative, not a number) → undefined. */
export function parseThreshold(text: string): number | undefined {
  const trimmed = text.trim().replace(',', '.');
  if (!/^\d+(\.\d+)?$/.test(trimmed)) return undefined;
  return Number(trimmed);
}

export type RuleFormErrors = Partial<Record<'siteId' | 'subject' | 'form' | `params.${string}`, MessageKey>>;

/**
 * The change to send for what the admin edited, compared with `initial` (only what differs), or the
 * errors to show beside each field.
 */
export function ruleChange(initial: RuleForm, edited: RuleForm): { change?: UpdateRuleRequest; errors: RuleFormErrors } {
  const errors: RuleFormErrors = {};
  if (edited.siteId && !TOKEN.test(edited.siteId)) errors.siteId = 'rules.error.token';
  if (edited.subject && !TOKEN.test(edited.subject)) errors.subject = 'rules.error.token';
  const params: Record<string, number> = {};
  for (const [name, text] of Object.entries(edited.params)) {
    const value = parseThreshold(text);
    if (value === undefined) errors[`params.${name}`] = 'rules.error.number';
    else if (value !== parseThreshold(initial.params[name] ?? '')) params[name] = value;
  }
  if (Object.keys(errors).length) return { errors };
  const change: UpdateRuleRequest = {
    scope: { ...(edited.siteId ? { siteId: edited.siteId } : {}), ...(edited.subject ? { subject: edited.subject } : {}) },
    ...(edited.enabled !== initial.enabled ? { enabled: edited.enabled } : {}),
    ...(edited.severity !== initial.severity ? { severity: edited.severity } : {}),
    ...(Object.keys(params).length ? { params } : {}),
  };
  if (change.enabled === undefined && change.severity === undefined && change.params === undefined) return { errors: { form: 'rules.error.nothing' } };
  return { change, errors };
}
