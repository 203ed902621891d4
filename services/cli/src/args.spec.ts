import { parseArgs, ruleOverrides, UsageError } from './args';

describe('vigie arguments', () => {
  it('merges the --rule changes of one rule into one override, as the rules API takes them', () => {
    expect(ruleOverrides(['cash.variance.warningAbove=20', 'cash.variance.criticalAbove=80', 'ai.slow.enabled=false', 'sync.stale.severity=warning'])).toEqual([
      { ruleId: 'cash.variance', scope: {}, params: { warningAbove: 20, criticalAbove: 80 } },
      { ruleId: 'ai.slow', scope: {}, enabled: false },
      { ruleId: 'sync.stale', scope: {}, severity: 'warning' },
    ]);
  });

  it.each(['cash.variance=20', 'cash.variance.warningAbove=vingt', 'cash.variance.enabled=yes', 'cash.variance.severity=high'])('refuses --rule %s', (spec) => {
    expect(() => ruleOverrides([spec])).toThrow(UsageError);
  });

  it('reads options with a space or an equals sign, repeated ones in order, and flags', () => {
    const args = parseArgs(['replay', '--from', '2026-11-01', '--to=2026-11-08', '--rule', 'a.b.c=1', '--rule=a.b.d=2', '--json']);
    expect(args.command).toBe('replay');
    expect(args.options.get('to')).toEqual(['2026-11-08']);
    expect(args.options.get('rule')).toEqual(['a.b.c=1', 'a.b.d=2']);
    expect(args.flags.has('json')).toBe(true);
    expect(() => parseArgs(['rewind'])).toThrow(UsageError);
    expect(() => parseArgs(['events', '--color'])).toThrow(UsageError);
    expect(() => parseArgs(['events', '--from'])).toThrow(UsageError);
  });
});
