import { TOKEN_PATTERN } from '@vigie/contracts';
import { aiCorrectionRateRisingAnalyser } from './ai-correction-rate-rising.analyser';
import { aiLatencyRisingAnalyser } from './ai-latency-rising.analyser';
import { deadLettersAccumulatingAnalyser } from './dead-letters-accumulating.analyser';
import type { Analyser } from './recommendation';
import { registerVarianceTrendAnalyser } from './register-variance-trend.analyser';
import { serviceRestartingAnalyser } from './service-restarting.analyser';
import { streamNearLimitsAnalyser } from './stream-near-limits.analyser';
import { syncDegradingAnalyser } from './sync-degrading.analyser';

/** Every analyser, one line each. Checked at boot: no empty list, no empty or duplicate kind. */
export const ANALYSERS: readonly Analyser[] = [
  registerVarianceTrendAnalyser,
  syncDegradingAnalyser,
  aiLatencyRisingAnalyser,
  aiCorrectionRateRisingAnalyser,
  deadLettersAccumulatingAnalyser,
  serviceRestartingAnalyser,
  streamNearLimitsAnalyser,
];

export function checkAnalysers(analysers: readonly Analyser[]): readonly Analyser[] {
  if (analysers.length === 0) throw new Error('no analyser registered');
  const seen = new Set<string>();
  for (const a of analysers) {
    // The kind becomes the REPORT subject key token.
    if (!TOKEN_PATTERN.test(a.kind)) throw new Error(`analyser kind "${a.kind}" is empty or not a subject token`);
    if (seen.has(a.kind)) throw new Error(`analyser ${a.kind} registered twice`);
    seen.add(a.kind);
  }
  return analysers;
}
