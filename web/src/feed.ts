import { fetchAnomalies } from './api';
import { connectLive, type LiveSocket } from './live';
import type { AnomaliesStore } from './stores/anomalies';

/** Loads the list, then follows the live feed from the list's lastSeq (from 0 when the list failed). */
export async function startFeed(store: AnomaliesStore, origin = ''): Promise<LiveSocket> {
  try {
    store.applyList(await fetchAnomalies(origin));
  } catch {
    store.failLoad('Impossible de charger la liste des anomalies ; le flux en direct la complétera.');
  }
  return connectLive(store, origin);
}
