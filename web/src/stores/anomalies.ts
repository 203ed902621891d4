import { defineStore } from 'pinia';
import { computed, reactive, ref } from 'vue';
import type { AnomalyListResponse, AnomalyPush, AnomalyView } from '@vigie/contracts';

export type LiveState = 'connecting' | 'live' | 'reconnecting';

export const HIGHLIGHT_MS = 4000;

function newestFirst(a: AnomalyView, b: AnomalyView): number {
  return Date.parse(b.raisedAt) - Date.parse(a.raisedAt) || b.seq - a.seq;
}

/**
 * The dashboard's copy of the gateway's anomaly projection: one entry per anomalyId, the higher ANOMALY
 * sequence wins, so the REST list, a resume replay and live pushes may arrive in any mix and order.
 */
export const useAnomaliesStore = defineStore('anomalies', () => {
  const byId = reactive(new Map<string, AnomalyView>());
  const highlighted = reactive(new Set<string>());
  const timers = new Map<string, ReturnType<typeof setTimeout>>();
  const lastSeq = ref(0);
  const loaded = ref(false);
  const loadError = ref<string | null>(null);
  const live = ref<LiveState>('connecting');

  const items = computed(() => [...byId.values()].sort(newestFirst));

  function upsert(view: AnomalyView): boolean {
    const current = byId.get(view.anomalyId);
    if (current && current.seq >= view.seq) return false;
    byId.set(view.anomalyId, view);
    return true;
  }

  function applyList(list: AnomalyListResponse): void {
    for (const view of list.items) upsert(view);
    lastSeq.value = Math.max(lastSeq.value, list.lastSeq);
    loaded.value = true;
    loadError.value = null;
  }

  function applyPush(push: AnomalyPush): boolean {
    lastSeq.value = Math.max(lastSeq.value, push.seq);
    const applied = upsert(push.anomaly);
    if (applied) highlight(push.anomaly.anomalyId);
    return applied;
  }

  function highlight(anomalyId: string): void {
    clearTimeout(timers.get(anomalyId));
    highlighted.add(anomalyId);
    timers.set(
      anomalyId,
      setTimeout(() => {
        highlighted.delete(anomalyId);
        timers.delete(anomalyId);
      }, HIGHLIGHT_MS),
    );
  }

  function failLoad(message: string): void {
    loaded.value = true;
    loadError.value = message;
  }

  function setLive(state: LiveState): void {
    live.value = state;
  }

  /** Forgets everything (logout): the next admin starts from a fresh list. */
  function reset(): void {
    byId.clear();
    highlighted.clear();
    for (const timer of timers.values()) clearTimeout(timer);
    timers.clear();
    lastSeq.value = 0;
    loaded.value = false;
    loadError.value = null;
    live.value = 'connecting';
  }

  return { items, highlighted, lastSeq, loaded, loadError, live, applyList, applyPush, failLoad, setLive, reset };
});

export type AnomaliesStore = ReturnType<typeof useAnomaliesStore>;
