import { type EvidenceRef, SEVERITY_RANK, type Severity } from '@vigie/contracts';
import type { RuleConfig } from '../rules/rule-config';
import { type Detector, evidenceOf, type Signal, type DetectorEvent } from './detector';

export interface AiErrorRateState {
  /** The model's last `windowSize` classifications, oldest first. */
  samples: { ref: EvidenceRef; failed: boolean }[];
  /** Severity of the open anomaly, if any. */
  severity?: Severity;
}

function modelOf(event: DetectorEvent): string {
  if (event.type === 'ai.classification.completed' || event.type === 'ai.classification.failed') return event.data.model;
  throw new Error(`ai.error-rate does not read ${event.type}`);
}

function percent(value: number): string {
  return `${(Math.round(value * 10) / 10).toString().replace('.', ',')} %`;
}

/** Strict thresholds; integer arithmetic so 5 failures out of 100 is exactly 5 % (not above). */
function levelOf(failures: number, total: number, rule: RuleConfig): Severity | undefined {
  if (failures * 100 > rule.params.criticalAbovePercent * total) return 'critical';
  if (failures * 100 > rule.params.warningAbovePercent * total) return rule.severity;
  return undefined;
}

/**
 * Failure share over the last N classifications of a model. Raises when it crosses a threshold and
 * again only when it escalates, so the anomaly's count reads as "times it got worse", not traffic.
 */
export const aiErrorRateDetector: Detector<AiErrorRateState> = {
  ruleId: 'ai.error-rate',
  eventTypes: ['ai.classification.completed', 'ai.classification.failed'],
  stateKey: modelOf,
  evaluate(state, event, position, rule) {
    const model = modelOf(event);
    if (state?.samples.some((s) => s.ref.eventId === event.id)) return { state, signals: [] };
    const here = evidenceOf(event, position);
    const samples = [...(state?.samples ?? []), { ref: here, failed: event.type === 'ai.classification.failed' }].slice(
      -rule.params.windowSize,
    );
    const open = state?.severity;
    // Too few classifications to judge: keep whatever is open as it is.
    if (samples.length < rule.params.minSamples) return { state: { samples, severity: open }, signals: [] };
    const failures = samples.filter((s) => s.failed).length;
    const level = levelOf(failures, samples.length, rule);
    if (!level) {
      const signals: Signal[] = open ? [{ kind: 'resolve', key: model, evidence: [here] }] : [];
      return { state: { samples }, signals };
    }
    if (open && SEVERITY_RANK[level] <= SEVERITY_RANK[open]) return { state: { samples, severity: open }, signals: [] };
    const rate = (failures * 100) / samples.length;
    const failed = samples.filter((s) => s.failed && s.ref.eventId !== event.id).map((s) => s.ref);
    return {
      state: { samples, severity: level },
      signals: [
        {
          kind: 'raise',
          key: model,
          severity: level,
          title: `Erreur de classification IA : ${percent(rate)} d'échecs pour le modèle ${model}`,
          summary:
            `${failures} échecs sur les ${samples.length} dernières classifications du modèle ${model} ` +
            `(${percent(rate)}) ; alerte au-delà de ${percent(rule.params.warningAbovePercent)}, ` +
            `critique au-delà de ${percent(rule.params.criticalAbovePercent)}.`,
          details: {
            model,
            failures,
            classifications: samples.length,
            failureRatePercent: rate,
            warningAbovePercent: rule.params.warningAbovePercent,
            criticalAbovePercent: rule.params.criticalAbovePercent,
          },
          // The triggering event first (the anomaly id derives from it), then the latest failures.
          evidence: [here, ...failed.slice(-19).reverse()],
        },
      ],
    };
  },
};
