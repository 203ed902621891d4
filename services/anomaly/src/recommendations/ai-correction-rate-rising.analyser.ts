import type { Analyser } from './recommendation';
import { compareWindows, n, percent, ratio } from './windows';

const KIND = 'ai-correction-rate-rising';

export const AI_CORRECTION_RATE_RISING = {
  windowDays: 7,
  /** Completed classifications needed in each week. */
  minClassifications: 30,
  rateAbove: 0.15,
  /** Up by at least this many points week over week... */
  minIncrease: 0.1,
  /** ...and at least this many times last week's rate. */
  minFactor: 1.5,
  criticalAt: 0.4,
};

/** Volunteers correcting more of a model's classifications: the practical measure of AI accuracy (DOMAIN.md). */
export const aiCorrectionRateRisingAnalyser: Analyser = {
  kind: KIND,
  reads: 'ai',
  lookbackDays: 2 * AI_CORRECTION_RATE_RISING.windowDays,
  analyse(rows, asOf) {
    const p = AI_CORRECTION_RATE_RISING;
    return compareWindows(rows, asOf, p.windowDays).flatMap(({ siteId, key: model, recent, previous }) => {
      const classifications = n(recent, 'classifications');
      const previousClassifications = n(previous, 'classifications');
      if (classifications < p.minClassifications || previousClassifications < p.minClassifications) return [];
      const correctionRate = ratio(n(recent, 'corrections'), classifications);
      const previousCorrectionRate = ratio(n(previous, 'corrections'), previousClassifications);
      const rising =
        correctionRate > p.rateAbove &&
        correctionRate - previousCorrectionRate >= p.minIncrease &&
        correctionRate >= p.minFactor * previousCorrectionRate;
      if (!rising) return [];
      const evidence = {
        windowDays: p.windowDays,
        classifications,
        corrections: n(recent, 'corrections'),
        correctionRate,
        lowConfidence: n(recent, 'lowConfidence'),
        previousClassifications,
        previousCorrections: n(previous, 'corrections'),
        previousCorrectionRate,
      };
      return [
        {
          kind: KIND,
          siteId,
          subject: model,
          severity: correctionRate >= p.criticalAt ? 'critical' : 'warning',
          title:
            `IA ${model} : ${percent(correctionRate)} des classifications corrigées sur 7 jours ` +
            `(${percent(previousCorrectionRate)} la semaine précédente)`,
          summary:
            `${evidence.corrections} corrections pour ${classifications} classifications des 7 derniers jours ` +
            `(${evidence.lowConfidence} à faible confiance) contre ${evidence.previousCorrections} pour ` +
            `${previousClassifications} la semaine précédente.`,
          evidence,
          actions: [
            `Relire les dernières corrections du modèle ${model} pour repérer les catégories confondues`,
            `Compléter les mots-clés ou les exemples des catégories les plus corrigées`,
            `Rappeler aux bénévoles de décrire l'objet (type, usage, marque) dans leur message`,
          ],
        },
      ];
    });
  },
};
