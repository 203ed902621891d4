export interface HeartbeatOptions {
  /** The service name, as in `ops.heartbeat.emitted` and the `service.down` anomaly key. */
  service: string;
  /** Time between two heartbeats, ms. Default 10 000 (a third of the 30 s `service.down` silence). */
  intervalMs?: number;
  /** Default: the version of the workspace package.json. */
  version?: string;
}

export const HEARTBEAT_OPTIONS = Symbol('HEARTBEAT_OPTIONS');

export const DEFAULT_HEARTBEAT_INTERVAL_MS = 10_000;
