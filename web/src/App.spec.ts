import { beforeEach, describe, expect, it } from 'vitest';
import { mount } from '@vue/test-utils';
import { createPinia, setActivePinia, type Pinia } from 'pinia';
import App from './App.vue';
import { useAnomaliesStore } from './stores/anomalies';
import { push, view } from './test-fixtures';

describe('App', () => {
  let pinia: Pinia;
  beforeEach(() => {
    pinia = createPinia();
    setActivePinia(pinia);
  });

  const mountApp = () => mount(App, { global: { plugins: [pinia] } });
  const ids = (w: ReturnType<typeof mountApp>) =>
    w.findAll('[data-testid="anomaly-item"]').map((li) => li.attributes('data-anomaly-id'));

  it('shows the header, the connection badge and a loading state before the list', () => {
    const wrapper = mountApp();
    expect(wrapper.find('h1').text()).toBe('Vigie — Anomalies');
    expect(wrapper.find('[data-testid="live-badge"]').text()).toBe('Connexion…');
    expect(wrapper.text()).toContain('Chargement…');
  });

  it('shows the empty state once an empty list is loaded', async () => {
    const wrapper = mountApp();
    useAnomaliesStore().applyList({ items: [], total: 0, lastSeq: 0 });
    await wrapper.vm.$nextTick();
    expect(wrapper.find('[data-testid="anomaly-empty"]').text()).toBe('Aucune anomalie — tout va bien');
    expect(wrapper.find('[data-testid="anomaly-item"]').exists()).toBe(false);
  });

  it('renders severities, statuses, site and Paris dates in French, newest first', async () => {
    const wrapper = mountApp();
    useAnomaliesStore().applyList({
      items: [
        view({ anomalyId: 'i', seq: 1, severity: 'info', status: 'resolved', raisedAt: '2026-11-30T05:00:00Z', updatedAt: '2026-11-30T05:00:00Z' }),
        view({ anomalyId: 'w', seq: 2, severity: 'warning', status: 'acknowledged', raisedAt: '2026-11-30T06:00:00Z', updatedAt: '2026-11-30T06:00:00Z' }),
        view({ anomalyId: 'c', seq: 3, severity: 'critical', status: 'silenced', siteId: 'site-7', title: 'Service indisponible', raisedAt: '2026-11-30T07:00:00Z', updatedAt: '2026-11-30T07:00:00Z' }),
        view({ anomalyId: 'o', seq: 4, severity: 'warning', status: 'open', raisedAt: '2026-11-30T04:00:00Z', updatedAt: '2026-11-30T04:00:00Z' }),
      ],
      total: 4,
      lastSeq: 4,
    });
    await wrapper.vm.$nextTick();

    expect(ids(wrapper)).toEqual(['c', 'w', 'i', 'o']);
    const rows = wrapper.findAll('[data-testid="anomaly-item"]').map((li) => [
      li.find('[data-testid="anomaly-severity"]').text(),
      li.find('[data-testid="anomaly-status"]').text(),
      li.classes().find((c) => c.startsWith('sev-')),
    ]);
    expect(rows).toEqual([
      ['Critique', 'En sourdine', 'sev-critical'],
      ['Avertissement', 'Acquittée', 'sev-warning'],
      ['Info', 'Résolue', 'sev-info'],
      ['Avertissement', 'Ouverte', 'sev-warning'],
    ]);
    const top = wrapper.find('[data-anomaly-id="c"]');
    expect(top.find('[data-testid="anomaly-title"]').text()).toBe('Service indisponible');
    expect(top.find('[data-testid="anomaly-site"]').text()).toBe('Site : site-7');
    expect(top.find('[data-testid="anomaly-raised-at"]').text()).toBe('30/11/2026 08:00');
  });

  it('puts a live anomaly on top, highlighted, and updates an existing one in place', async () => {
    const wrapper = mountApp();
    const store = useAnomaliesStore();
    store.applyList({ items: [view({ anomalyId: 'a', seq: 1 })], total: 1, lastSeq: 1 });
    await wrapper.vm.$nextTick();
    const before = wrapper.find('[data-anomaly-id="a"]').element;

    store.applyPush(push(view({ anomalyId: 'n', seq: 2, severity: 'critical', raisedAt: '2026-11-30T09:00:00Z' })));
    store.applyPush(push(view({ anomalyId: 'a', seq: 3, status: 'acknowledged', count: 2 }), 'anomaly.alert.acknowledged'));
    await wrapper.vm.$nextTick();

    expect(ids(wrapper)).toEqual(['n', 'a']);
    expect(wrapper.find('[data-anomaly-id="n"]').classes()).toContain('is-new');
    const updated = wrapper.find('[data-anomaly-id="a"]');
    expect(updated.element).toBe(before);
    expect(updated.find('[data-testid="anomaly-status"]').text()).toBe('Acquittée');
    expect(updated.text()).toContain('×2');
  });

  it('shows the connection state', async () => {
    const wrapper = mountApp();
    const store = useAnomaliesStore();
    store.setLive('live');
    await wrapper.vm.$nextTick();
    expect(wrapper.find('[data-testid="live-badge"]').text()).toBe('En direct');
    store.setLive('reconnecting');
    await wrapper.vm.$nextTick();
    expect(wrapper.find('[data-testid="live-badge"]').text()).toBe('Reconnexion…');
  });
});
