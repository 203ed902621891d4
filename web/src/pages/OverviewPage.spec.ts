import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { enableAutoUnmount, flushPromises } from '@vue/test-utils';
import OverviewPage from './OverviewPage.vue';
import { parisDay } from '../format';
import { setLocale } from '../i18n';
import { useAnomaliesStore } from '../stores/anomalies';
import { useHealthStore } from '../stores/health';
import { dailyMetrics, fakeGateway, health, loggedIn, mountPage, unavailable, view } from '../test-fixtures';

const NBSP = '\u00a0';

enableAutoUnmount(afterEach);

describe('OverviewPage', () => {
  beforeEach(() => setLocale('fr'));
  afterEach(() => vi.unstubAllGlobals());

  function mountOverview(routes: Parameters<typeof fakeGateway>[0] = {}) {
    const gateway = fakeGateway({ 'GET /api/health': health(), 'GET /api/metrics/daily': dailyMetrics(1, () => 2), ...routes });
    const pinia = loggedIn();
    const wrapper = mountPage(OverviewPage, pinia);
    return { wrapper, gateway };
  }

  const cards = (w: ReturnType<typeof mountOverview>['wrapper']) =>
    w.findAll('[data-testid="service-card"]').map((c) => [c.attributes('data-service'), c.find('[data-testid="service-state"]').text()]);

  it('shows every service with its state, latency, uptime over 24 h / 7 d and last heartbeat', async () => {
    const { wrapper, gateway } = mountOverview();
    await flushPromises();
    expect(cards(wrapper)).toEqual([
      ['gateway', 'En service'],
      ['cash', 'Hors service'],
      ['sync', 'Inconnu'],
    ]);
    const cash = wrapper.find('[data-service="cash"]');
    expect(cash.text()).toContain('network ECONNREFUSED');
    expect(cash.text()).toContain('4 échecs consécutifs');
    expect(cash.find('[data-testid="uptime-24h"]').text()).toBe(`90,0${NBSP}%`);
    expect(cash.find('[data-testid="uptime-7d"]').text()).toBe(`99,5${NBSP}%`);
    expect(cash.text()).toContain(`8${NBSP}ms`);
    expect(cash.text()).toContain('30/11/2026 08:59');
    const sync = wrapper.find('[data-service="sync"]');
    expect(sync.find('[data-testid="uptime-24h"]').text()).toBe('—');
    expect(sync.text()).toContain('jamais');
    expect(wrapper.find('[data-testid="monitor-down"]').exists()).toBe(false);
    expect(gateway.calls[0].headers).toMatchObject({ authorization: 'Bearer token-1' });
  });

  it("today's KPIs come from the Paris day's metrics", async () => {
    const { wrapper, gateway } = mountOverview();
    await flushPromises();
    const today = parisDay();
    expect(gateway.calls.map((c) => c.url)).toContain(`/api/metrics/daily?from=${today}&to=${today}`);
    const tile = (key: string) => wrapper.find(`[data-kpi="${key}"] .tile-value`).text();
    expect(tile('sales')).toBe(`135,50${NBSP}€`);
    expect(tile('sessions')).toBe('2');
    expect(tile('aiErrorRate')).toBe(`20,0${NBSP}%`);
    expect(tile('syncSuccess')).toBe(`20,0${NBSP}%`);
  });

  it('counts the anomalies not resolved, by severity, linking to the filtered list', async () => {
    const { wrapper } = mountOverview();
    useAnomaliesStore().applyList({
      items: [
        view({ anomalyId: 'a', seq: 1, severity: 'critical' }),
        view({ anomalyId: 'b', seq: 2, severity: 'warning', status: 'acknowledged' }),
        view({ anomalyId: 'c', seq: 3, severity: 'warning', status: 'resolved' }),
        view({ anomalyId: 'd', seq: 4, severity: 'warning', status: 'silenced' }),
      ],
      total: 4,
      lastSeq: 4,
    });
    await flushPromises();
    const counts = wrapper.findAll('[data-testid="open-anomalies"] li').map((li) => [li.attributes('data-severity'), li.find('[data-testid="open-count"]').text()]);
    expect(counts).toEqual([
      ['critical', '1'],
      ['warning', '2'],
      ['info', '0'],
    ]);
    expect(wrapper.find('[data-severity="warning"] a').attributes('href')).toBe('#/anomalies?status=active&severity=warning');
  });

  it('a pushed health change updates its card in place', async () => {
    const { wrapper } = mountOverview();
    await flushPromises();
    const before = wrapper.find('[data-service="cash"]').element;
    useHealthStore().applyChange({ service: 'cash', up: true, at: '2026-11-30T08:00:05.000Z', latencyMs: 11, error: null });
    await flushPromises();
    const cash = wrapper.find('[data-service="cash"]');
    expect(cash.element).toBe(before);
    expect(cash.attributes('data-state')).toBe('up');
    expect(cash.text()).not.toContain('ECONNREFUSED');
  });

  it('says when the monitor does not answer', async () => {
    const { wrapper } = mountOverview({ 'GET /api/health': health({ monitorAvailable: false }) });
    await flushPromises();
    expect(wrapper.find('[data-testid="monitor-down"]').text()).toContain('Le moniteur ne répond pas');
  });

  it('« Service indisponible » with a retry when the KPIs cannot be read, the rest of the page still there', async () => {
    let fail = true;
    const { wrapper } = mountOverview({ 'GET /api/metrics/daily': () => (fail ? unavailable('anomaly') : new Response(JSON.stringify(dailyMetrics(1)))) });
    await flushPromises();
    const box = wrapper.find('[data-testid="unavailable"]');
    expect(box.text()).toContain('Service indisponible');
    expect(box.text()).toContain('Le service des anomalies ne répond pas');
    expect(wrapper.findAll('[data-testid="service-card"]')).toHaveLength(3);
    fail = false;
    await box.find('button').trigger('click');
    await flushPromises();
    expect(wrapper.find('[data-testid="unavailable"]').exists()).toBe(false);
    expect(wrapper.find('[data-testid="today-kpis"]').exists()).toBe(true);
  });
});
