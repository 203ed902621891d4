import { latencyPercentile } from '../projections/kpi';
import type { Analyser } from './recommendation';
import { compareWindows, formatInt, mean, n } from './windows';

const KIND = 'ai-latency-rising';

export const AI_LATENCY_RISING = {
  windowDays: 7,
  /** Classifications (completed or failed) needed in each week. */
  minSamples: 30,
  /** Mean latency at least this many times last week's... */
  factor: 1.3,
  /** ...and slower by at least this much. */
  minIncreaseMs: 300,
  /** DOMAIN.md's target: a classification in under 3 s on average. */
  criticalAboveMs: 3000,
};

/** An AI model getting slower week over week, before it breaks the 3 s target. */
export const aiLatencyRisingAnalyser: Analyser = {
  kind: KIND,
  reads: 'ai',
  lookbackDays: 2 * AI_LATENCY_RISING.windowDays,
  analyse(rows, asOf) {
    const p = AI_LATENCY_RISING;
    return compareWindows(rows, asOf, p.windowDays).flatMap(({ siteId, key: model, recent, previous }) => {
      const samples = n(recent, 'latencyCount');
      const previousSamples = n(previous, 'latencyCount');
      if (samples < p.minSamples || previousSamples < p.minSamples) return [];
      const meanLatencyMs = mean(n(recent, 'latencySumMs'), samples);
      const previousMeanLatencyMs = mean(n(previous, 'latencySumMs'), previousSamples);
      if (!(meanLatencyMs >= p.factor * previousMeanLatencyMs && meanLatencyMs - previousMeanLatencyMs >= p.minIncreaseMs)) {
        return [];
      }
      const p95 = latencyPercentile(recent, 95);
      const evidence: Record<string, number> = {
        windowDays: p.windowDays,
        samples,
        meanLatencyMs,
        previousSamples,
        previousMeanLatencyMs,
        // From the histogram: the upper bound of the bucket holding the 95th percentile.
        ...(p95 !== null ? { p95LatencyUpToMs: p95 } : {}),
      };
      return [
        {
          kind: KIND,
          siteId,
          subject: model,
          severity: meanLatencyMs > p.criticalAboveMs ? 'critical' : 'warning',
          title:
            `IA ${model} : latence moyenne de ${formatInt(meanLatencyMs)} ms sur 7 jours ` +
            `(${formatInt(previousMeanLatencyMs)} ms la semaine précédente)`,
          summary:
            `Latence moyenne de ${formatInt(meanLatencyMs)} ms sur ${samples} classifications des 7 derniers jours ` +
            `contre ${formatInt(previousMeanLatencyMs)} ms sur ${previousSamples} la semaine précédente` +
            (p95 !== null ? ` ; 95 % des classifications en moins de ${formatInt(p95)} ms.` : '.'),
          evidence,
          actions: [
            `Vérifier la charge et le quota du fournisseur d'IA du modèle ${model}`,
            `Mesurer la latence réseau vers le fournisseur et comparer avec les règles locales`,
            `Basculer temporairement sur les règles locales si la moyenne dépasse 3 s`,
          ],
        },
      ];
    });
  },
};
