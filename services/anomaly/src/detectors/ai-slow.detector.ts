import type { AnyEvent, EvidenceRef } from '@vigie/contracts';
import { type Detector, evidenceOf } from './detector';
import { nearestRank, slide, type SortedWindow } from './sorted-window';

export interface AiSlowState {
  /** Latencies of the model's last `windowSize` classifications (completed or failed), oldest first. */
  samples: { ref: EvidenceRef; latencyMs: number }[];
  open: boolean;
}

function modelOf(event: AnyEvent): string {
  if (event.type === 'ai.classification.completed' || event.type === 'ai.classification.failed') return event.data.model;
  throw new Error(`ai.slow does not read ${event.type}`);
}

/**
 * The last window sorted, per model: a cache only. `slide` checks it against the latencies it is given
 * and sorts from scratch when they are not its window slid by one event, so the percentile never depends
 * on what was evaluated before (another batch, another rule config, a replay in the same process).
 */
const SORTED = new Map<string, SortedWindow>();
const MAX_CACHED_MODELS = 1_000;

/** The latencies of `samples` in ascending order. */
function sortedLatencies(model: string, samples: readonly { latencyMs: number }[]): readonly number[] {
  const window = slide(SORTED.get(model), samples.map((s) => s.latencyMs));
  if (SORTED.size >= MAX_CACHED_MODELS && !SORTED.has(model)) SORTED.clear();
  SORTED.set(model, window);
  return window.sorted;
}

/** A failed classification took time too (often a timeout): it counts in the latency window. */
export const aiSlowDetector: Detector<AiSlowState> = {
  ruleId: 'ai.slow',
  eventTypes: ['ai.classification.completed', 'ai.classification.failed'],
  stateKey: modelOf,
  evaluate(state, event, position, rule) {
    if (event.type !== 'ai.classification.completed' && event.type !== 'ai.classification.failed') {
      return { state, signals: [] };
    }
    if (state?.samples.some((s) => s.ref.eventId === event.id)) return { state, signals: [] };
    const { model, latencyMs } = event.data;
    const here = evidenceOf(event, position);
    const samples = [...(state?.samples ?? []), { ref: here, latencyMs }].slice(-rule.params.windowSize);
    const open = state?.open ?? false;
    if (samples.length < rule.params.minSamples) return { state: { samples, open }, signals: [] };
    const p = rule.params.percentile;
    // Nearest rank: the smallest latency with at least p % of the window at or below it.
    const latency = nearestRank(sortedLatencies(model, samples), p);
    const slow = latency > rule.params.latencyAboveMs;
    if (!slow) return { state: { samples, open: false }, signals: open ? [{ kind: 'resolve', key: model, evidence: [here] }] : [] };
    if (open) return { state: { samples, open }, signals: [] };
    const slowest = samples
      .filter((s) => s.latencyMs > rule.params.latencyAboveMs && s.ref.eventId !== event.id)
      .map((s) => s.ref);
    return {
      state: { samples, open: true },
      signals: [
        {
          kind: 'raise',
          key: model,
          severity: rule.severity,
          title: `Classification IA lente : p${p} de ${latency} ms pour le modèle ${model}`,
          summary:
            `Latence au ${p}e centile de ${latency} ms sur les ${samples.length} dernières classifications ` +
            `du modèle ${model} (seuil ${rule.params.latencyAboveMs} ms).`,
          details: {
            model,
            percentile: p,
            latencyMs: latency,
            classifications: samples.length,
            latencyAboveMs: rule.params.latencyAboveMs,
          },
          // The triggering event first (the anomaly id derives from it), then the latest slow ones.
          evidence: [here, ...slowest.slice(-19).reverse()],
        },
      ],
    };
  },
};
