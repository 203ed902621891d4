import type { Detector } from './detector';
import { aiErrorRateDetector } from './ai-error-rate.detector';
import { aiLowConfidenceDetector } from './ai-low-confidence.detector';
import { aiSlowDetector } from './ai-slow.detector';
import { authFailureBurstDetector } from './auth-failure-burst.detector';
import { cashVarianceRepeatedDetector } from './cash-variance-repeated.detector';
import { cashVarianceDetector } from './cash-variance.detector';
import { jobFailedDetector } from './job-failed.detector';
import { jobMissedDetector } from './job-missed.detector';
import { pipelineConsumerLagDetector } from './pipeline-consumer-lag.detector';
import { pipelineDeadLetterDetector } from './pipeline-dead-letter.detector';
import { serviceDownDetector } from './service-down.detector';
import { serviceUnhealthyDetector } from './service-unhealthy.detector';
import { syncConsecutiveFailuresDetector } from './sync-consecutive-failures.detector';
import { syncStaleDetector } from './sync-stale.detector';

/** Every detector, one line each. Checked at boot: no empty list, no duplicate rule id. */
export const DETECTORS: readonly Detector[] = [
  cashVarianceDetector,
  cashVarianceRepeatedDetector,
  syncConsecutiveFailuresDetector,
  syncStaleDetector,
  aiErrorRateDetector,
  aiSlowDetector,
  aiLowConfidenceDetector,
  authFailureBurstDetector,
  serviceDownDetector,
  serviceUnhealthyDetector,
  pipelineDeadLetterDetector,
  pipelineConsumerLagDetector,
  jobFailedDetector,
  jobMissedDetector,
];

export function checkDetectors(detectors: readonly Detector[]): readonly Detector[] {
  if (detectors.length === 0) throw new Error('no detector registered');
  const seen = new Set<string>();
  for (const d of detectors) {
    if (seen.has(d.ruleId)) throw new Error(`detector ${d.ruleId} registered twice`);
    seen.add(d.ruleId);
  }
  return detectors;
}
