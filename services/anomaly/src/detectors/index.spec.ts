import { inputStreams } from '../consumers/domain-events.consumer';
import { DEFAULT_RULES, LIFECYCLE_RULE_IDS } from '../rules/defaults';
import type { Detector } from './detector';
import { checkDetectors, DETECTORS } from './index';

describe('the detector list', () => {
  it('has exactly one default rule per detector, and no rule without a detector but those of the lifecycle', () => {
    const detected = DEFAULT_RULES.filter((r) => !LIFECYCLE_RULE_IDS.includes(r.ruleId));
    expect(DETECTORS.map((d) => d.ruleId).sort()).toEqual(detected.map((r) => r.ruleId).sort());
  });

  it('names every rule <family>.<name>', () => {
    for (const d of DETECTORS) expect(d.ruleId).toMatch(/^[a-z0-9-]+\.[a-z0-9-]+$/);
  });

  it('refuses an empty list and a duplicate rule id', () => {
    expect(() => checkDetectors([])).toThrow('no detector');
    expect(() => checkDetectors([DETECTORS[0], DETECTORS[0]])).toThrow('registered twice');
  });

  it('reads OPS for the ticks of absence rules even when no detector lists an OPS event type, and DEADLETTER for dead letters', () => {
    const absence: Detector = { ruleId: 'x.absent', eventTypes: ['sync.run.succeeded'], evaluate: () => ({ signals: [] }), onTick: () => ({ signals: [] }) };
    expect(inputStreams([absence]).sort()).toEqual(['OPS', 'SYNC']);
    expect(inputStreams(DETECTORS).sort()).toEqual(['AI', 'AUTH', 'CASH', 'DEADLETTER', 'OPS', 'SYNC']);
  });
});
