import type { InjectionKey } from 'vue';
import type { AcknowledgeAnomalyRequest, AnomalyAction, SilenceAnomalyRequest } from '@vigie/contracts';

/**
 * Acts on an anomaly through the gateway. It resolves once the anomaly service accepted the action;
 * the list changes when the resulting transition is pushed live, like any other.
 */
export type ActOnAnomaly = (
  anomalyId: string,
  action: AnomalyAction,
  body: AcknowledgeAnomalyRequest | SilenceAnomalyRequest,
) => Promise<void>;

export const ACT_ON_ANOMALY: InjectionKey<ActOnAnomaly> = Symbol('act-on-anomaly');

export const SILENCE_OPTIONS = [
  { label: '1 h', minutes: 60, testId: 'action-silence-1h' },
  { label: '24 h', minutes: 24 * 60, testId: 'action-silence-24h' },
] as const;
