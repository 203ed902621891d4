import { checkScenarios, SCENARIOS, selectScenarios } from '.';

describe('scenario registry', () => {
  it('knows the five named incidents, each with its rules', () => {
    expect(SCENARIOS.map((s) => [s.id, s.rules])).toEqual([
      ['variance-streak', ['cash.variance', 'cash.variance-repeated']],
      ['sync-outage', ['sync.consecutive-failures', 'sync.stale']],
      ['ai-degradation', ['ai.error-rate']],
      ['brute-force', ['auth.failure-burst']],
      ['service-crash', ['service.down']],
    ]);
  });

  it('selects by comma-separated ids, all, or none', () => {
    expect(selectScenarios('sync-outage, variance-streak').map((s) => s.id)).toEqual(['variance-streak', 'sync-outage']);
    expect(selectScenarios('all')).toHaveLength(5);
    expect(selectScenarios('none')).toEqual([]);
    expect(selectScenarios('')).toEqual([]);
    expect(() => selectScenarios('variance-streak,meteor')).toThrow(/unknown scenario meteor \(known: variance-streak, .*all, none\)/);
  });

  it('refuses an empty registry and a duplicate id', () => {
    expect(() => checkScenarios([])).toThrow('no scenario registered');
    expect(() => checkScenarios([SCENARIOS[0], SCENARIOS[0]])).toThrow('scenario variance-streak registered twice');
  });
});
