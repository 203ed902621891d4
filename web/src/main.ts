import { createApp, watch } from 'vue';
import { createPinia } from 'pinia';
import App from './App.vue';
import { startFeed } from './feed';
import type { LiveConnection } from './live';
import { useAnomaliesStore } from './stores/anomalies';
import { useHealthStore } from './stores/health';
import { usePipelineStore } from './stores/pipeline';
import { useSessionStore } from './stores/session';

const pinia = createPinia();
const app = createApp(App).use(pinia);
const session = useSessionStore(pinia);
const anomalies = useAnomaliesStore(pinia);
const health = useHealthStore(pinia);
const pipeline = usePipelineStore(pinia);
// Before the first render, so a reload of a logged-in tab does not flash the login page.
session.restore();
app.mount('#app');

// The feed runs while someone is logged in; logging out (or an expired session) closes it and
// forgets what it showed.
let feed: Promise<LiveConnection> | undefined;
watch(
  () => session.authenticated,
  (authenticated) => {
    if (authenticated && !feed) {
      feed = startFeed(anomalies, session, {
        health: (change) => health.applyChange(change),
        metrics: (snapshot) => pipeline.apply(snapshot),
        reconnected: () => {
          if (health.overview) void health.refresh();
        },
      });
    } else if (!authenticated && feed) {
      const closing = feed;
      feed = undefined;
      void closing.then((connection) => connection.close());
      anomalies.reset();
      health.reset();
      pipeline.reset();
    }
  },
  { immediate: true },
);
