import type { AnyEvent, EvidenceRef } from '@vigie/contracts';
import { type Detector, evidenceOf } from './detector';

export interface AiLowConfidenceState {
  /** Confidences of the model's last `windowSize` completed classifications, oldest first. */
  samples: { ref: EvidenceRef; confidence: number }[];
  open: boolean;
}

function modelOf(event: AnyEvent): string {
  if (event.type === 'ai.classification.completed') return event.data.model;
  throw new Error(`ai.low-confidence does not read ${event.type}`);
}

function percent(value: number): string {
  return `${(Math.round(value * 10) / 10).toString().replace('.', ',')} %`;
}

function decimal(value: number): string {
  return value.toFixed(2).replace('.', ',');
}

/**
 * Below 0.70 the bot asks a volunteer to validate or correct (DOMAIN.md): a model that often doubts
 * costs volunteers' time. Failed classifications have no confidence and are ai.error-rate's concern.
 */
export const aiLowConfidenceDetector: Detector<AiLowConfidenceState> = {
  ruleId: 'ai.low-confidence',
  eventTypes: ['ai.classification.completed'],
  stateKey: modelOf,
  evaluate(state, event, position, rule) {
    if (event.type !== 'ai.classification.completed') return { state, signals: [] };
    if (state?.samples.some((s) => s.ref.eventId === event.id)) return { state, signals: [] };
    const { model, confidence } = event.data;
    const here = evidenceOf(event, position);
    const samples = [...(state?.samples ?? []), { ref: here, confidence }].slice(-rule.params.windowSize);
    const open = state?.open ?? false;
    if (samples.length < rule.params.minSamples) return { state: { samples, open }, signals: [] };
    const low = samples.filter((s) => s.confidence < rule.params.confidenceBelow);
    // Integer arithmetic: 30 low out of 100 is exactly 30 %, not above.
    const tooMany = low.length * 100 > rule.params.lowShareAbovePercent * samples.length;
    if (!tooMany) return { state: { samples, open: false }, signals: open ? [{ kind: 'resolve', key: model, evidence: [here] }] : [] };
    if (open) return { state: { samples, open }, signals: [] };
    const share = (low.length * 100) / samples.length;
    const lowRefs = low.filter((s) => s.ref.eventId !== event.id).map((s) => s.ref);
    return {
      state: { samples, open: true },
      signals: [
        {
          kind: 'raise',
          key: model,
          severity: rule.severity,
          title: `Confiance IA faible : ${percent(share)} des classifications du modèle ${model} sous ${decimal(rule.params.confidenceBelow)}`,
          summary:
            `${low.length} des ${samples.length} dernières classifications du modèle ${model} ont une confiance ` +
            `inférieure à ${decimal(rule.params.confidenceBelow)} (${percent(share)} ; ` +
            `seuil ${percent(rule.params.lowShareAbovePercent)}) : autant de validations demandées aux bénévoles.`,
          details: {
            model,
            lowConfidence: low.length,
            classifications: samples.length,
            lowSharePercent: share,
            confidenceBelow: rule.params.confidenceBelow,
            lowShareAbovePercent: rule.params.lowShareAbovePercent,
          },
          // The triggering event first (the anomaly id derives from it), then the latest doubtful ones.
          evidence: [here, ...lowRefs.slice(-19).reverse()],
        },
      ],
    };
  },
};
