import { createApp } from 'vue';
import { createPinia } from 'pinia';
import App from './App.vue';
import { startFeed } from './feed';
import { useAnomaliesStore } from './stores/anomalies';

const pinia = createPinia();
createApp(App).use(pinia).mount('#app');
void startFeed(useAnomaliesStore(pinia));
