import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, LiveHandshakeAuth, ServerToClientEvents } from '@vigie/contracts';
import { LIVE_NAMESPACE } from '@vigie/contracts/socket';
import type { AnomaliesStore } from './stores/anomalies';

export type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/**
 * Opens the live feed. `auth` is a function so socket.io-client calls it again on every reconnection:
 * each handshake carries the last sequence the store has seen and the gateway replays what was missed.
 */
export const SERVER_DISCONNECT_RETRY_MS = 2000;

export function connectLive(store: AnomaliesStore, origin = ''): LiveSocket {
  const socket: LiveSocket = io(`${origin}${LIVE_NAMESPACE}`, {
    auth: (cb) => cb({ sinceSeq: store.lastSeq } satisfies LiveHandshakeAuth),
  });
  socket.on('connect', () => store.setLive('live'));
  socket.on('disconnect', (reason) => {
    store.setLive('reconnecting');
    // socket.io-client does not reconnect by itself after the server closed the socket (e.g. a failed replay).
    if (reason === 'io server disconnect') setTimeout(() => socket.connect(), SERVER_DISCONNECT_RETRY_MS);
  });
  socket.on('connect_error', () => store.setLive('reconnecting'));
  socket.on('anomaly', (push) => {
    store.applyPush(push);
  });
  return socket;
}
