import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { HealthChange, HealthOverview, ServiceHealth } from '@vigie/contracts';
import { gatewayApi } from '../api';
import { useSessionStore } from './session';

/**
 * Every service's health: loaded from `/api/health`, then changed in place by the live feed's
 * `health` pushes (a push older than what is shown is ignored).
 */
export const useHealthStore = defineStore('health', () => {
  const session = useSessionStore();
  const overview = shallowRef<HealthOverview | null>(null);
  const error = shallowRef<unknown>(null);
  const loading = ref(false);

  async function refresh(): Promise<void> {
    loading.value = true;
    try {
      overview.value = await session.authorized((token) => gatewayApi(session.origin, token).health());
      error.value = null;
    } catch (e) {
      error.value = e;
    } finally {
      loading.value = false;
    }
  }

  function applyChange(change: HealthChange): void {
    const current = overview.value;
    if (!current) return;
    const changed = (s: ServiceHealth): ServiceHealth => ({
      ...s,
      up: change.up,
      lastCheckedAt: change.at,
      latencyMs: change.latencyMs,
      lastError: change.error,
      consecutiveFailures: change.up ? 0 : Math.max(1, s.consecutiveFailures),
      failingSince: change.up ? null : change.at,
    });
    const known = current.services.find((s) => s.name === change.service);
    if (known && known.lastCheckedAt && Date.parse(known.lastCheckedAt) > Date.parse(change.at)) return;
    const services = known
      ? current.services.map((s) => (s.name === change.service ? changed(s) : s))
      : [
          ...current.services,
          changed({
            name: change.service,
            up: null,
            lastCheckedAt: null,
            latencyMs: null,
            lastError: null,
            consecutiveFailures: 0,
            failingSince: null,
            lastHeartbeatAt: null,
            version: null,
            uptime24h: null,
            uptime7d: null,
            probes24h: 0,
            probes7d: 0,
          }),
        ];
    overview.value = { ...current, services };
  }

  function reset(): void {
    overview.value = null;
    error.value = null;
    loading.value = false;
  }

  return { overview, error, loading, refresh, applyChange, reset };
});

export type HealthStore = ReturnType<typeof useHealthStore>;
