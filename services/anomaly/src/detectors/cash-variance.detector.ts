import { eurosToCents, formatEuros } from '@vigie/contracts';
import { type Detector, evidenceOf, type Signal } from './detector';

/** One closed session whose drawer is off by more than the threshold (strict), in either direction. */
export const cashVarianceDetector: Detector = {
  ruleId: 'cash.variance',
  eventTypes: ['cash.session.closed'],
  subjectOf: (event) => (event.type === 'cash.session.closed' ? event.data.registerId : ''),
  evaluate(_state, event, position, rule) {
    if (event.type !== 'cash.session.closed') return { signals: [] };
    const { variance, registerId, sessionId, expectedCash, countedCash } = event.data;
    const abs = Math.abs(eurosToCents(variance));
    if (abs <= eurosToCents(rule.params.warningAbove)) return { signals: [] };
    const critical = abs > eurosToCents(rule.params.criticalAbove);
    const direction = variance < 0 ? 'manquant' : 'excédent';
    const signal: Signal = {
        kind: 'raise',
        key: sessionId,
        severity: critical ? 'critical' : rule.severity,
        title: `Écart de caisse de ${formatEuros(variance)} sur la caisse ${registerId}`,
        summary:
          `Session ${sessionId} fermée avec ${formatEuros(Math.abs(variance))} ${direction} ` +
          `(attendu ${formatEuros(expectedCash)}, compté ${formatEuros(countedCash)} ; ` +
          `seuil ${formatEuros(critical ? rule.params.criticalAbove : rule.params.warningAbove)}).`,
        details: {
          registerId,
          sessionId,
          variance,
          expectedCash,
          countedCash,
          threshold: critical ? rule.params.criticalAbove : rule.params.warningAbove,
        },
        evidence: [evidenceOf(event, position)],
    };
    return { signals: [signal] };
  },
};
