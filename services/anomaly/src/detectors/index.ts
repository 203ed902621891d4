import type { Detector } from './detector';
import { cashVarianceDetector } from './cash-variance.detector';

/** Every detector, one line each. Checked at boot: no empty list, no duplicate rule id. */
export const DETECTORS: readonly Detector[] = [cashVarianceDetector];

export function checkDetectors(detectors: readonly Detector[]): readonly Detector[] {
  if (detectors.length === 0) throw new Error('no detector registered');
  const seen = new Set<string>();
  for (const d of detectors) {
    if (seen.has(d.ruleId)) throw new Error(`detector ${d.ruleId} registered twice`);
    seen.add(d.ruleId);
  }
  return detectors;
}
