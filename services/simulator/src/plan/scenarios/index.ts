import { aiDegradation } from './ai-degradation.scenario';
import { bruteForce } from './brute-force.scenario';
import type { Scenario } from './scenario';
import { serviceCrash } from './service-crash.scenario';
import { syncOutage } from './sync-outage.scenario';
import { varianceStreak } from './variance-streak.scenario';

export function checkScenarios(scenarios: readonly Scenario[]): readonly Scenario[] {
  if (scenarios.length === 0) throw new Error('no scenario registered');
  const seen = new Set<string>();
  for (const s of scenarios) {
    if (seen.has(s.id)) throw new Error(`scenario ${s.id} registered twice`);
    seen.add(s.id);
  }
  return scenarios;
}

/** Every scenario, one line each. */
export const SCENARIOS: readonly Scenario[] = checkScenarios([varianceStreak, syncOutage, aiDegradation, bruteForce, serviceCrash]);

/**
 * The scenarios a `SIMULATOR_SCENARIOS` value names: ids separated by commas, `all`, or `none`.
 * Throws naming the unknown ones.
 */
export function selectScenarios(value: string, known: readonly Scenario[] = SCENARIOS): Scenario[] {
  const ids = value.split(',').map((s) => s.trim()).filter(Boolean);
  if (ids.length === 1 && ids[0] === 'all') return [...known];
  if (ids.length === 0 || (ids.length === 1 && ids[0] === 'none')) return [];
  const unknown = ids.filter((id) => !known.some((s) => s.id === id));
  if (unknown.length > 0) {
    throw new Error(`unknown scenario ${unknown.join(', ')} (known: ${known.map((s) => s.id).join(', ')}, or all, none)`);
  }
  return known.filter((s) => ids.includes(s.id));
}
