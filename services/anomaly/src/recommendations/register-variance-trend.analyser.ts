import { formatEuros } from '@vigie/contracts';
import type { Analyser } from './recommendation';
import { compareWindows, frenchDay, n, percent, plural, ratio, window } from './windows';

const KIND = 'register-variance-trend';

export const REGISTER_VARIANCE_TREND = {
  windowDays: 30,
  /** Fewer closed sessions in either window say nothing about a trend. */
  minSessions: 10,
  /** Share of sessions with abs(variance) > 10.00 € (the `cash.variance` threshold) above which a register worries. */
  rateAbove: 0.15,
  /** "Clearly above" the previous 30 days: at least this many points more... */
  minIncrease: 0.1,
  /** ...and at least this many times the previous rate. */
  minFactor: 1.5,
  criticalAt: 0.4,
};

/**
 * A register whose share of large variances over the last 30 days clearly rose above its previous
 * 30 days: the same register short again and again is what admins fear (training, procedure).
 */
export const registerVarianceTrendAnalyser: Analyser = {
  kind: KIND,
  reads: 'cash',
  lookbackDays: 2 * REGISTER_VARIANCE_TREND.windowDays,
  analyse(rows, asOf) {
    const p = REGISTER_VARIANCE_TREND;
    return compareWindows(rows, asOf, p.windowDays).flatMap(({ siteId, key: registerId, recent, previous }) => {
      const sessions = n(recent, 'sessionsClosed');
      const previousSessions = n(previous, 'sessionsClosed');
      if (sessions < p.minSessions || previousSessions < p.minSessions) return [];
      const rate = ratio(n(recent, 'largeVariances'), sessions);
      const previousRate = ratio(n(previous, 'largeVariances'), previousSessions);
      if (!(rate > p.rateAbove && rate - previousRate >= p.minIncrease && rate >= p.minFactor * previousRate)) return [];
      const w = window(asOf, p.windowDays);
      const evidence = {
        windowDays: p.windowDays,
        sessions,
        largeVariances: n(recent, 'largeVariances'),
        largeShortfalls: n(recent, 'largeShortfalls'),
        varianceRate: rate,
        varianceAbsCents: n(recent, 'varianceAbsCents'),
        previousSessions,
        previousLargeVariances: n(previous, 'largeVariances'),
        previousVarianceRate: previousRate,
      };
      return [
        {
          kind: KIND,
          siteId,
          subject: registerId,
          severity: rate >= p.criticalAt ? 'critical' : 'warning',
          title:
            `Caisse ${registerId} : écarts de plus de 10 € sur ${percent(rate)} des sessions en 30 jours ` +
            `(${percent(previousRate)} les 30 jours précédents)`,
          summary:
            `Du ${frenchDay(w.from)} au ${frenchDay(w.to)}, ${evidence.largeVariances} sessions sur ${sessions} ` +
            `clôturées avec un écart de plus de 10,00 € (dont ${plural(evidence.largeShortfalls, 'manque')}), ` +
            `${formatEuros(evidence.varianceAbsCents / 100)} d'écarts cumulés ; ` +
            `${evidence.previousLargeVariances} sur ${previousSessions} les 30 jours précédents.`,
          evidence,
          actions: [
            `Revoir la procédure de comptage avec les bénévoles de la caisse ${registerId}`,
            `Compter la caisse ${registerId} à deux à la clôture pendant les deux prochaines semaines`,
            `Vérifier le fond de caisse à l'ouverture et l'encaissement des paiements en espèces`,
          ],
        },
      ];
    });
  },
};

