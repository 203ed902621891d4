import type { EvidenceRef } from '@vigie/contracts';
import { type Detector, evidenceOf, type DetectorEvent } from './detector';

export interface ConsumerLagState {
  /** Event time of the latest sample taken into account: an older or repeated one says nothing new. */
  lastAt: string;
  /** Since when (sample time) the lag has stayed above the threshold, and the sample that began it. */
  aboveSince: string;
  firstAbove: EvidenceRef;
  open: boolean;
}

/** `CASH_anomaly-detectors`: the stream id and the durable, a valid subject token for per-consumer overrides. */
export function consumerKey(stream: string, consumer: string): string {
  return `${stream}_${consumer}`;
}

function keyOf(event: DetectorEvent): string {
  if (event.type === 'ops.consumer.sampled') return consumerKey(event.data.stream, event.data.consumer);
  throw new Error(`pipeline.consumer-lag does not read ${event.type}`);
}

/**
 * A durable consumer falling behind, judged on the monitor's samples by their event time. The lag is
 * what the consumer has not acknowledged yet: pending (not delivered) plus ack-pending (delivered, in
 * the works). It must stay above the threshold for `forSeconds` (inclusive) from the first sample above
 * it, so one burst that is absorbed within the minute raises nothing; one sample at or under it resolves.
 */
export const pipelineConsumerLagDetector: Detector<ConsumerLagState> = {
  ruleId: 'pipeline.consumer-lag',
  eventTypes: ['ops.consumer.sampled'],
  stateKey: keyOf,
  evaluate(state, event, position, rule) {
    if (event.type !== 'ops.consumer.sampled') return { state, signals: [] };
    const at = event.occurredAt;
    if (state && Date.parse(at) <= Date.parse(state.lastAt)) return { state, signals: [] };
    const key = keyOf(event);
    const here = evidenceOf(event, position);
    const { stream, consumer, pending, ackPending, redelivered } = event.data;
    const lag = pending + ackPending;
    if (lag <= rule.params.pendingAbove) {
      return { state: undefined, signals: state?.open ? [{ kind: 'resolve', key, evidence: [here] }] : [] };
    }
    const aboveSince = state?.aboveSince ?? at;
    const firstAbove = state?.firstAbove ?? here;
    const forMs = Date.parse(at) - Date.parse(aboveSince);
    if (state?.open || forMs < rule.params.forSeconds * 1000) {
      return { state: { lastAt: at, aboveSince, firstAbove, open: state?.open ?? false }, signals: [] };
    }
    return {
      state: { lastAt: at, aboveSince, firstAbove, open: true },
      signals: [
        {
          kind: 'raise',
          key,
          severity: rule.severity,
          title: `Consommateur en retard : ${consumer} sur ${stream}`,
          summary:
            `${lag} messages non acquittés par ${consumer} sur ${stream} depuis ${Math.floor(forMs / 1000)} s ` +
            `(${pending} en attente, ${ackPending} en cours) ; seuil ${rule.params.pendingAbove} pendant ${rule.params.forSeconds} s.`,
          details: {
            stream,
            consumer,
            lag,
            pending,
            ackPending,
            redelivered,
            aboveSince,
            aboveForMs: forMs,
            pendingAbove: rule.params.pendingAbove,
            forSeconds: rule.params.forSeconds,
          },
          // The sample that crossed the duration first (the anomaly id derives from it), then the one that began the streak.
          evidence: firstAbove.eventId === here.eventId ? [here] : [here, firstAbove],
        },
      ],
    };
  },
};
