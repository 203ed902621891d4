import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, LiveHandshakeAuth, ServerToClientEvents } from '@vigie/contracts';
import { LIVE_NAMESPACE } from '@vigie/contracts/socket';
import type { HealthChange, PipelineMetrics } from '@vigie/contracts';
import type { AnomaliesStore } from './stores/anomalies';
import type { SessionStore } from './stores/session';

/** What else the dashboard follows on the live feed besides anomalies. */
export interface LiveListeners {
  health?: (change: HealthChange) => void;
  metrics?: (snapshot: PipelineMetrics) => void;
  /** After a reconnection: what was pushed meanwhile (health changes) is reloaded. */
  reconnected?: () => void;
}

export type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** The live feed of one session; `close()` ends it for good (logout). */
export interface LiveConnection {
  socket: LiveSocket;
  close(): void;
}

export const SERVER_DISCONNECT_RETRY_MS = 2000;

function refusedCode(err: Error & { data?: { code?: unknown } }): string | undefined {
  return typeof err.data?.code === 'string' ? err.data.code : undefined;
}

/**
 * Opens the live feed. `auth` is a function so socket.io-client calls it again on every reconnection:
 * each handshake carries the current token (renewed by the session) and the last sequence the store
 * has seen, and the gateway replays what was missed. The gateway closes the connection when the
 * token it was opened with expires; the reconnection presents the renewed one.
 */
export function connectLive(store: AnomaliesStore, session: SessionStore, listeners: LiveListeners = {}): LiveConnection {
  const socket: LiveSocket = io(`${session.origin}${LIVE_NAMESPACE}`, {
    auth: (cb) => cb({ sinceSeq: store.lastSeq, ...(session.token ? { token: session.token } : {}) } satisfies LiveHandshakeAuth),
  });
  let closed = false;
  let connectedBefore = false;
  const retry = () =>
    setTimeout(() => !closed && session.authenticated && !socket.connected && socket.connect(), SERVER_DISCONNECT_RETRY_MS);
  socket.on('connect', () => {
    store.setLive('live');
    if (connectedBefore) listeners.reconnected?.();
    connectedBefore = true;
  });
  socket.on('disconnect', (reason) => {
    store.setLive('reconnecting');
    // socket.io-client does not reconnect by itself after the server closed the socket (token expiry, failed replay).
    if (reason === 'io server disconnect') retry();
  });
  socket.on('connect_error', (err) => {
    store.setLive('reconnecting');
    if (socket.active) return;
    // Refused by the gateway's handshake check: it will not retry by itself either.
    if (refusedCode(err) === 'auth.unauthorized') session.expire();
    else retry();
  });
  socket.on('anomaly', (push) => {
    store.applyPush(push);
  });
  socket.on('health', (change) => listeners.health?.(change));
  socket.on('metrics', (snapshot) => listeners.metrics?.(snapshot));
  return {
    socket,
    close: () => {
      closed = true;
      socket.close();
    },
  };
}
