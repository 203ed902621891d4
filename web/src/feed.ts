import { fetchAnomalies } from './api';
import { connectLive, type LiveConnection } from './live';
import type { AnomaliesStore } from './stores/anomalies';
import type { SessionStore } from './stores/session';

/** Loads the list, then follows the live feed from the list's lastSeq (from 0 when the list failed). */
export async function startFeed(store: AnomaliesStore, session: SessionStore): Promise<LiveConnection> {
  try {
    store.applyList(await session.authorized((token) => fetchAnomalies(session.origin, token)));
  } catch {
    store.failLoad('Impossible de charger la liste des anomalies ; le flux en direct la complétera.');
  }
  return connectLive(store, session);
}
