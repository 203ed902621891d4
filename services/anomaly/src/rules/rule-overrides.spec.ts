import { DEFAULT_RULES } from './defaults';
import { effectiveRule, validateOverride, type RuleOverride } from './rule-overrides';

const variance = DEFAULT_RULES.find((r) => r.ruleId === 'cash.variance')!;

describe('effectiveRule', () => {
  const overrides: RuleOverride[] = [
    { ruleId: 'cash.variance', scope: { subject: 'caisse-2' }, params: { warningAbove: 5 } },
    { ruleId: 'cash.variance', scope: { siteId: 'site-2' }, params: { warningAbove: 20, criticalAbove: 80 } },
    { ruleId: 'cash.variance', scope: {}, severity: 'info' },
    { ruleId: 'sync.stale', scope: {}, enabled: false },
  ];

  it('keeps the default where nothing matches, with the revision in the version', () => {
    expect(effectiveRule(variance, 0, [], 'site-1', 'caisse-1')).toEqual(variance);
    expect(effectiveRule(variance, 3, [], 'site-1', 'caisse-1').version).toBe(variance.version + 3);
  });

  it('applies global, then site, then subject overrides, the narrowest winning', () => {
    expect(effectiveRule(variance, 0, overrides, 'site-1', 'caisse-1')).toMatchObject({ severity: 'info', params: { warningAbove: 10, criticalAbove: 50 } });
    expect(effectiveRule(variance, 0, overrides, 'site-2', 'caisse-1').params).toEqual({ warningAbove: 20, criticalAbove: 80 });
    expect(effectiveRule(variance, 0, overrides, 'site-2', 'caisse-2').params).toEqual({ warningAbove: 5, criticalAbove: 80 });
  });

  it('ignores overrides of other rules', () => {
    expect(effectiveRule(variance, 0, overrides, 'site-1', undefined).enabled).toBe(true);
  });
});

describe('validateOverride', () => {
  it('names unknown parameters and negative values', () => {
    expect(validateOverride(variance, { warningAbove: 5 })).toEqual([]);
    expect(validateOverride(variance, { warningabove: 5, criticalAbove: -1 })).toEqual([
      expect.stringContaining('params.warningabove: unknown parameter'),
      'params.criticalAbove: must be a number ≥ 0',
    ]);
  });
});
