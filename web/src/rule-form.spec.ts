import { describe, expect, it } from 'vitest';
import type { RuleView } from '@vigie/contracts';
import { parseThreshold, ruleChange, ruleForm } from './rule-form';

const RULE: RuleView = {
  ruleId: 'cash.variance',
  version: 3,
  enabled: true,
  severity: 'warning',
  params: { warningAbove: 10, criticalAbove: 50 },
  overrides: [
    { ruleId: 'cash.variance', scope: { siteId: 'site-2' }, params: { warningAbove: 20 }, severity: 'critical' },
    { ruleId: 'cash.variance', scope: { siteId: 'site-2', subject: 'caisse-1' }, enabled: false },
  ],
};

describe('rule form', () => {
  it('starts from the defaults, or from the exact scope override', () => {
    expect(ruleForm(RULE)).toEqual({ siteId: '', subject: '', enabled: true, severity: 'warning', params: { warningAbove: '10', criticalAbove: '50' } });
    expect(ruleForm(RULE, { siteId: 'site-2' })).toMatchObject({ severity: 'critical', params: { warningAbove: '20', criticalAbove: '50' } });
    expect(ruleForm(RULE, { siteId: 'site-2', subject: 'caisse-1' })).toMatchObject({ enabled: false, params: { warningAbove: '10' } });
  });

  it.each([
    ['10', 10],
    [' 12,5 ', 12.5],
    ['0', 0],
    ['-1', undefined],
    ['', undefined],
    ['1e3', undefined],
    ['abc', undefined],
  ])('parseThreshold(%j) = %j', (text, value) => {
    expect(parseThreshold(text)).toBe(value);
  });

  it('sends only what changed, with the scope', () => {
    const initial = ruleForm(RULE);
    expect(ruleChange(initial, { ...initial, siteId: 'site-1', params: { warningAbove: '15', criticalAbove: '50' } })).toEqual({
      change: { scope: { siteId: 'site-1' }, params: { warningAbove: 15 } },
      errors: {},
    });
    expect(ruleChange(initial, { ...initial, enabled: false }).change).toEqual({ scope: {}, enabled: false });
  });

  it('names each bad field, or says nothing changed', () => {
    const initial = ruleForm(RULE);
    expect(ruleChange(initial, initial)).toEqual({ errors: { form: 'rules.error.nothing' } });
    expect(ruleChange(initial, { ...initial, subject: 'caisse 1', params: { warningAbove: '-2', criticalAbove: 'x' } })).toEqual({
      errors: { subject: 'rules.error.token', 'params.warningAbove': 'rules.error.number', 'params.criticalAbove': 'rules.error.number' },
    });
  });
});
