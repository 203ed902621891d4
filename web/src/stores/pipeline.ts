import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { PipelineMetrics } from '@vigie/contracts';
import { gatewayApi } from '../api';
import { useSessionStore } from './session';

/** JetStream as the gateway samples it: loaded once, then replaced by each live `metrics` push. */
export const usePipelineStore = defineStore('pipeline', () => {
  const session = useSessionStore();
  const snapshot = shallowRef<PipelineMetrics | null>(null);
  const error = shallowRef<unknown>(null);
  const loading = ref(false);

  function apply(next: PipelineMetrics): void {
    const current = snapshot.value?.sampledAt;
    if (current && next.sampledAt && Date.parse(next.sampledAt) < Date.parse(current)) return;
    snapshot.value = next;
    error.value = null;
  }

  async function refresh(): Promise<void> {
    loading.value = true;
    try {
      apply(await session.authorized((token) => gatewayApi(session.origin, token).pipeline()));
    } catch (e) {
      error.value = e;
    } finally {
      loading.value = false;
    }
  }

  function reset(): void {
    snapshot.value = null;
    error.value = null;
  }

  return { snapshot, error, loading, apply, refresh, reset };
});

export type PipelineStore = ReturnType<typeof usePipelineStore>;
