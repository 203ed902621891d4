import type { Analyser } from './recommendation';
import { compareWindows, formatInt, mean, n, percent, ratio } from './windows';

const KIND = 'sync-degrading';

export const SYNC_DEGRADING = {
  windowDays: 7,
  /** Finished runs (succeeded + failed) needed in each week. */
  minRuns: 10,
  failureRateAbove: 0.2,
  /** Failure rate up by at least this many points week over week. */
  minFailureIncrease: 0.15,
  /** Mean duration at least this many times last week's... */
  durationFactor: 1.5,
  /** ...and longer by at least this much, so a 200 → 400 ms blip does not count. */
  minDurationIncreaseMs: 1000,
  criticalFailureRateAt: 0.5,
};

/** A sync target failing more often, or taking longer, this week than the week before. */
export const syncDegradingAnalyser: Analyser = {
  kind: KIND,
  reads: 'sync',
  lookbackDays: 2 * SYNC_DEGRADING.windowDays,
  analyse(rows, asOf) {
    const p = SYNC_DEGRADING;
    return compareWindows(rows, asOf, p.windowDays).flatMap(({ siteId, key: target, recent, previous }) => {
      const runs = n(recent, 'runsSucceeded') + n(recent, 'runsFailed');
      const previousRuns = n(previous, 'runsSucceeded') + n(previous, 'runsFailed');
      if (runs < p.minRuns || previousRuns < p.minRuns) return [];
      const failureRate = ratio(n(recent, 'runsFailed'), runs);
      const previousFailureRate = ratio(n(previous, 'runsFailed'), previousRuns);
      const meanDurationMs = mean(n(recent, 'durationSumMs'), runs);
      const previousMeanDurationMs = mean(n(previous, 'durationSumMs'), previousRuns);
      const failing = failureRate > p.failureRateAbove && failureRate - previousFailureRate >= p.minFailureIncrease;
      const slowing =
        meanDurationMs >= p.durationFactor * previousMeanDurationMs &&
        meanDurationMs - previousMeanDurationMs >= p.minDurationIncreaseMs;
      if (!failing && !slowing) return [];
      const evidence = {
        windowDays: p.windowDays,
        runs,
        failedRuns: n(recent, 'runsFailed'),
        failureRate,
        meanDurationMs,
        previousRuns,
        previousFailedRuns: n(previous, 'runsFailed'),
        previousFailureRate,
        previousMeanDurationMs,
      };
      const title = failing
        ? `Synchronisation ${target} : ${percent(failureRate)} d'échecs sur 7 jours (${percent(previousFailureRate)} la semaine précédente)`
        : `Synchronisation ${target} : durée moyenne de ${formatInt(meanDurationMs)} ms sur 7 jours ` +
          `(${formatInt(previousMeanDurationMs)} ms la semaine précédente)`;
      return [
        {
          kind: KIND,
          siteId,
          subject: target,
          severity: failureRate >= p.criticalFailureRateAt ? 'critical' : 'warning',
          title,
          summary:
            `Sur les 7 derniers jours, ${evidence.failedRuns} échecs sur ${runs} synchronisations vers ${target} ` +
            `et une durée moyenne de ${formatInt(meanDurationMs)} ms ; la semaine précédente, ` +
            `${evidence.previousFailedRuns} sur ${previousRuns} et ${formatInt(previousMeanDurationMs)} ms.`,
          evidence,
          actions: failing
            ? [
                `Vérifier les identifiants (mot de passe, jeton d'accès) de la cible ${target}`,
                `Vérifier le quota et l'espace disponibles chez ${target}`,
                `Lire les codes d'erreur des derniers échecs de ${target} dans le tableau de bord`,
              ]
            : [
                `Vérifier le quota et la limitation de débit de la cible ${target}`,
                `Vérifier le volume de données exporté vers ${target} et la qualité du réseau`,
              ],
        },
      ];
    });
  },
};
