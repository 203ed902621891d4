import type { z } from 'zod';
import type { StreamId } from './streams';
import * as cash from './events/cash';
import * as sync from './events/sync';
import * as ai from './events/ai';
import * as auth from './events/auth';
import * as ops from './events/ops';
import * as anomaly from './events/anomaly';
import * as notify from './events/notify';
import * as report from './events/report';

interface CatalogEntry<S extends z.ZodType> {
  stream: StreamId;
  /** Schemas by version; the highest is the current one. */
  versions: Record<number, z.ZodType>;
  current: S;
  /** The partition key token(s) of the subject, from the decoded current-version data. */
  key: (data: z.infer<S>, source: string) => string;
}

function entry<S extends z.ZodType>(stream: StreamId, current: S, key: CatalogEntry<S>['key']): CatalogEntry<S> {
  return { stream, versions: { 1: current }, current, key };
}

/** Every event type Vigie knows, with its stream, schemas by version and subject key. */
export const EVENT_CATALOG = {
  'cash.session.opened': entry('CASH', cash.CashSessionOpenedV1, (d) => d.registerId),
  'cash.sale.recorded': entry('CASH', cash.CashSaleRecordedV1, (d) => d.registerId),
  'cash.session.closed': entry('CASH', cash.CashSessionClosedV1, (d) => d.registerId),
  'sync.run.started': entry('SYNC', sync.SyncRunStartedV1, (d) => d.target),
  'sync.run.succeeded': entry('SYNC', sync.SyncRunSucceededV1, (d) => d.target),
  'sync.run.failed': entry('SYNC', sync.SyncRunFailedV1, (d) => d.target),
  'ai.classification.completed': entry('AI', ai.AiClassificationCompletedV1, (d) => d.model),
  'ai.classification.failed': entry('AI', ai.AiClassificationFailedV1, (d) => d.model),
  'ai.classification.corrected': entry('AI', ai.AiClassificationCorrectedV1, (d) => d.model),
  'auth.login.succeeded': entry('AUTH', auth.AuthLoginSucceededV1, (d) => d.principal),
  'auth.login.failed': entry('AUTH', auth.AuthLoginFailedV1, (d) => d.principal),
  'ops.heartbeat.emitted': entry('OPS', ops.OpsHeartbeatEmittedV1, (d) => d.service),
  'ops.probe.completed': entry('OPS', ops.OpsProbeCompletedV1, (d) => d.target),
  'ops.tick.emitted': entry('OPS', ops.OpsTickEmittedV1, (_d, source) => source),
  'ops.consumer.sampled': entry('OPS', ops.OpsConsumerSampledV1, (d) => d.consumer),
  'ops.stream.sampled': entry('OPS', ops.OpsStreamSampledV1, (d) => d.stream),
  'ops.job.completed': entry('OPS', ops.OpsJobCompletedV1, (_d, source) => source),
  'anomaly.alert.raised': entry('ANOMALY', anomaly.AnomalyAlertV1, (d) => d.ruleId),
  'anomaly.alert.updated': entry('ANOMALY', anomaly.AnomalyAlertV1, (d) => d.ruleId),
  'anomaly.alert.resolved': entry('ANOMALY', anomaly.AnomalyAlertV1, (d) => d.ruleId),
  'anomaly.alert.acknowledged': entry('ANOMALY', anomaly.AnomalyAlertV1, (d) => d.ruleId),
  'anomaly.alert.silenced': entry('ANOMALY', anomaly.AnomalyAlertV1, (d) => d.ruleId),
  'notify.delivery.sent': entry('NOTIFY', notify.NotifyDeliveryV1, (d) => d.channel),
  'notify.delivery.failed': entry('NOTIFY', notify.NotifyDeliveryV1, (d) => d.channel),
  'report.weekly.generated': entry('REPORT', report.ReportWeeklyGeneratedV1, () => 'weekly'),
  'report.recommendation.issued': entry('REPORT', report.ReportRecommendationV1, (d) => d.kind),
  'report.recommendation.cleared': entry('REPORT', report.ReportRecommendationV1, (d) => d.kind),
} as const;

export type EventCatalog = typeof EVENT_CATALOG;
export type EventType = keyof EventCatalog;
export type EventData<T extends EventType> = z.infer<EventCatalog[T]['current']>;
export const EVENT_TYPES = Object.keys(EVENT_CATALOG) as EventType[];

export function isEventType(type: string): type is EventType {
  return Object.prototype.hasOwnProperty.call(EVENT_CATALOG, type);
}

export type AnomalyEventType = Extract<EventType, `anomaly.${string}`>;
export const ANOMALY_EVENT_TYPES = EVENT_TYPES.filter((t): t is AnomalyEventType => t.startsWith('anomaly.'));
