import type { Analyser } from './recommendation';
import { activeDays, compareWindows, n, window } from './windows';

const KIND = 'dead-letters-accumulating';

export const DEAD_LETTERS_ACCUMULATING = {
  windowDays: 7,
  minDeadLetters: 5,
  /** Spread over this many days at least: a single burst is already an anomaly (`pipeline.dead-letter`). */
  minDays: 2,
  criticalAt: 50,
};

/** A consumer that keeps giving up on messages day after day: a producer or a contract needs fixing. */
export const deadLettersAccumulatingAnalyser: Analyser = {
  kind: KIND,
  reads: 'deadletter',
  lookbackDays: 2 * DEAD_LETTERS_ACCUMULATING.windowDays,
  analyse(rows, asOf) {
    const p = DEAD_LETTERS_ACCUMULATING;
    const days = activeDays(rows, window(asOf, p.windowDays), 'deadLetters');
    return compareWindows(rows, asOf, p.windowDays).flatMap(({ siteId, key: durable, recent, previous }) => {
      const deadLetters = n(recent, 'deadLetters');
      const daysWithDeadLetters = days.get(`${siteId}|${durable}`) ?? 0;
      if (deadLetters < p.minDeadLetters || daysWithDeadLetters < p.minDays) return [];
      const evidence = {
        windowDays: p.windowDays,
        deadLetters,
        daysWithDeadLetters,
        invalid: n(recent, 'invalid'),
        poison: n(recent, 'poison'),
        maxDeliveries: n(recent, 'maxDeliveries'),
        previousDeadLetters: n(previous, 'deadLetters'),
      };
      return [
        {
          kind: KIND,
          siteId,
          subject: durable,
          severity: deadLetters >= p.criticalAt ? 'critical' : 'warning',
          title: `${deadLetters} messages en lettres mortes en 7 jours pour le consommateur ${durable}`,
          summary:
            `${deadLetters} messages abandonnés par ${durable} sur ${daysWithDeadLetters} des 7 derniers jours ` +
            `(${evidence.invalid} invalides, ${evidence.poison} rejetés, ${evidence.maxDeliveries} après trop de tentatives) ; ` +
            `${evidence.previousDeadLetters} la semaine précédente.`,
          evidence,
          actions: [
            `Examiner les lettres mortes de ${durable} et leur motif dans le tableau de bord`,
            `Corriger le producteur ou le contrat des événements refusés, puis rejouer les messages`,
          ],
        },
      ];
    });
  },
};
