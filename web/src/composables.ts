import { onActivated, ref, shallowRef, type Ref, type ShallowRef } from 'vue';
import { gatewayApi, type GatewayApi } from './api';
import { useSessionStore } from './stores/session';

/** Runs calls against the gateway with the session's token (a 401 ends the session). */
export function useGateway(): <T>(call: (api: GatewayApi) => Promise<T>) => Promise<T> {
  const session = useSessionStore();
  return (call) => session.authorized((token) => call(gatewayApi(session.origin, token)));
}

export interface Resource<T> {
  data: ShallowRef<T | null>;
  error: ShallowRef<unknown>;
  loading: Ref<boolean>;
  reload(): Promise<void>;
}

/**
 * Runs `show` when a page comes back on screen after the first time (the app keeps pages alive
 * between visits, so their data is there at once and refreshed behind it).
 */
export function onShownAgain(show: () => void): void {
  let first = true;
  onActivated(() => {
    if (first) first = false;
    else show();
  });
}

/**
 * Data a page shows, loaded at once and again each time the page comes back on screen. A reload
 * keeps the current data on screen until the new one arrives (no blank page, no flicker); a failed
 * reload keeps it too, with the error beside it. Only the latest reload counts when several overlap.
 */
export function useResource<T>(load: (api: GatewayApi) => Promise<T>, opts: { immediate?: boolean } = {}): Resource<T> {
  const gateway = useGateway();
  const data = shallowRef<T | null>(null);
  const error = shallowRef<unknown>(null);
  const loading = ref(false);
  let generation = 0;

  async function reload(): Promise<void> {
    const mine = ++generation;
    loading.value = true;
    try {
      const value = await gateway(load);
      if (mine !== generation) return;
      data.value = value;
      error.value = null;
    } catch (e) {
      if (mine === generation) error.value = e;
    } finally {
      if (mine === generation) loading.value = false;
    }
  }

  if (opts.immediate !== false) void reload();
  onShownAgain(() => void reload());
  return { data, error, loading, reload };
}
