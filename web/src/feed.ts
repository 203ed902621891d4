import { fetchAnomalies } from './api';
import { t } from './i18n';
import { connectLive, type LiveConnection, type LiveListeners } from './live';
import type { AnomaliesStore } from './stores/anomalies';
import type { SessionStore } from './stores/session';

/** Loads the list, then follows the live feed from the list's lastSeq (from 0 when the list failed). */
export async function startFeed(store: AnomaliesStore, session: SessionStore, listeners: LiveListeners = {}): Promise<LiveConnection> {
  try {
    store.applyList(await session.authorized((token) => fetchAnomalies(session.origin, token)));
  } catch {
    store.failLoad(t('anomalies.loadFailed'));
  }
  return connectLive(store, session, listeners);
}
