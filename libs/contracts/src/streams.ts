/** One JetStream stream per domain (plus dead letters). Names are UPPER_SNAKE; see ARCHITECTURE.md. */
export const STREAM_IDS = ['CASH', 'SYNC', 'AI', 'AUTH', 'OPS', 'ANOMALY', 'NOTIFY', 'REPORT', 'DEADLETTER'] as const;
export type StreamId = (typeof STREAM_IDS)[number];

/** The subject domain token each stream owns (`recyclic.<domain>.>`). */
export const STREAM_DOMAIN: Record<StreamId, string> = {
  CASH: 'cash',
  SYNC: 'sync',
  AI: 'ai',
  AUTH: 'auth',
  OPS: 'ops',
  ANOMALY: 'anomaly',
  NOTIFY: 'notify',
  REPORT: 'report',
  DEADLETTER: 'deadletter',
};

/** Streams whose events the anomaly detectors read. */
export const DETECTOR_INPUT_STREAMS: readonly StreamId[] = ['CASH', 'SYNC', 'AI', 'AUTH', 'OPS', 'DEADLETTER'];

/** Durable consumer names: `<service>-<purpose>`. One durable per (service, purpose, stream). */
export const DURABLES = {
  anomalyDetectors: 'anomaly-detectors',
  anomalyProjections: 'anomaly-projections',
  notificationAlerts: 'notification-alerts',
  gatewayFeed: 'gateway-feed',
  gatewayHealth: 'gateway-health',
} as const;
export type DurableName = (typeof DURABLES)[keyof typeof DURABLES];
