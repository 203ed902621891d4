import type { HealthChange, PipelineMetrics } from './api';
import type { AnomalyView } from './dto';

/** Namespace of the live feed on the gateway's Socket.IO server. */
export const LIVE_NAMESPACE = '/live';

/** Every push carries the ANOMALY stream sequence it reflects, so a reconnecting client resumes without gaps. */
export interface AnomalyPush {
  seq: number;
  eventType: string;
  anomaly: AnomalyView;
}

export interface ServerToClientEvents {
  'anomaly': (push: AnomalyPush) => void;
  /** A probed service went down or came back (no resume: a reconnecting client reloads `/api/health`). */
  'health': (change: HealthChange) => void;
  /** A fresh JetStream sample (events per minute, consumer lag), every sample interval. */
  'metrics': (snapshot: PipelineMetrics) => void;
}

export type Ack<T> = (reply: ({ ok: true } & T) | { ok: false; code: string; message: string }) => void;

export interface ClientToServerEvents {
  /** Ask for every push after `sinceSeq` (the last one the client saw); live pushes follow. */
  'anomalies:resume': (req: { sinceSeq: number }, ack: Ack<{ replayed: number; lastSeq: number }>) => void;
}

/** Sent in the Socket.IO handshake: `io(url + LIVE_NAMESPACE, { auth })`. */
export interface LiveHandshakeAuth {
  sinceSeq?: number;
  token?: string;
}
