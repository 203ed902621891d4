import { createApp, watch } from 'vue';
import { createPinia } from 'pinia';
import App from './App.vue';
import { startFeed } from './feed';
import type { LiveConnection } from './live';
import { useAnomaliesStore } from './stores/anomalies';
import { useSessionStore } from './stores/session';

const pinia = createPinia();
const app = createApp(App).use(pinia);
const session = useSessionStore(pinia);
const anomalies = useAnomaliesStore(pinia);
// Before the first render, so a reload of a logged-in tab does not flash the login page.
session.restore();
app.mount('#app');

// The feed runs while someone is logged in; logging out (or an expired session) closes it and
// forgets the list.
let feed: Promise<LiveConnection> | undefined;
watch(
  () => session.authenticated,
  (authenticated) => {
    if (authenticated && !feed) {
      feed = startFeed(anomalies, session);
    } else if (!authenticated && feed) {
      const closing = feed;
      feed = undefined;
      void closing.then((connection) => connection.close());
      anomalies.reset();
    }
  },
  { immediate: true },
);
