import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { enableAutoUnmount, flushPromises } from '@vue/test-utils';
import type { PipelineMetrics } from '@vigie/contracts';
import MetricsPage from './MetricsPage.vue';
import { addDays, parisDay } from '../format';
import { setLocale } from '../i18n';
import { navigate } from '../router';
import { usePipelineStore } from '../stores/pipeline';
import { dailyMetrics, fakeGateway, loggedIn, mountPage, unavailable } from '../test-fixtures';

enableAutoUnmount(afterEach);

const PIPELINE: PipelineMetrics = {
  sampledAt: '2026-11-30T08:03:10.000Z',
  sampleIntervalMs: 10_000,
  eventsPerMinute: [
    { minute: '2026-11-30T08:01:00.000Z', count: 120 },
    { minute: '2026-11-30T08:02:00.000Z', count: 90 },
  ],
  streams: [{ stream: 'CASH', messages: 300, lastSeq: 300 }],
  consumers: [
    { stream: 'CASH', durable: 'anomaly-detectors', pending: 2, ackPending: 1 },
    { stream: 'OPS', durable: 'gateway-health', pending: 12000, ackPending: 0 },
  ],
};

describe('MetricsPage', () => {
  beforeEach(() => {
    setLocale('fr');
    navigate('#/metrics');
  });
  afterEach(() => vi.unstubAllGlobals());

  const charts = (w: ReturnType<typeof mountPage>) => w.findAll('[data-testid="chart"]').map((c) => c.attributes('data-title'));

  it('charts AI, sync, cash and usage over the last 7 Paris days by default', async () => {
    const gateway = fakeGateway({ 'GET /api/metrics/daily': dailyMetrics(7), 'GET /api/metrics/pipeline': PIPELINE });
    const wrapper = mountPage(MetricsPage, loggedIn());
    await flushPromises();
    const today = parisDay();
    expect(gateway.calls.map((c) => c.url)).toContain(`/api/metrics/daily?from=${addDays(today, -6)}&to=${today}`);
    expect(charts(wrapper)).toEqual([
      'Classifications',
      "Taux d'erreur",
      'Latence (ms)',
      'Confiance et corrections',
      'Taux de réussite',
      'Exécutions',
      'Ventes (€)',
      'Sessions clôturées',
      'Utilisation',
      'Événements par minute',
    ]);
    const classifications = wrapper.find('[data-title="Classifications"]');
    expect(classifications.findAll('[data-testid="bar-0"]')).toHaveLength(7);
    expect(classifications.findAll('[data-testid="bar-1"]')).toHaveLength(7);
    expect(wrapper.find('[data-title="Latence (ms)"]').text()).toContain('p95');
  });

  it('another period or site asks again and keeps the choice in the address', async () => {
    const gateway = fakeGateway({ 'GET /api/metrics/daily': dailyMetrics(7), 'GET /api/metrics/pipeline': PIPELINE });
    const wrapper = mountPage(MetricsPage, loggedIn());
    await flushPromises();
    await wrapper.find('[data-testid="range-30"]').trigger('click');
    await flushPromises();
    const today = parisDay();
    expect(location.hash).toBe('#/metrics?days=30');
    expect(gateway.calls.at(-1)?.url).toBe(`/api/metrics/daily?from=${addDays(today, -29)}&to=${today}`);
    expect(wrapper.find('[data-testid="range-30"]').attributes('aria-pressed')).toBe('true');
    navigate('#/metrics?days=30&site=site-2');
    await flushPromises();
    expect(gateway.calls.at(-1)?.url).toBe(`/api/metrics/daily?from=${addDays(today, -29)}&to=${today}&siteId=site-2`);
  });

  it('shows consumer lag, the largest first, and follows live samples', async () => {
    fakeGateway({ 'GET /api/metrics/daily': dailyMetrics(7), 'GET /api/metrics/pipeline': PIPELINE });
    const wrapper = mountPage(MetricsPage, loggedIn());
    await flushPromises();
    const rows = () => wrapper.findAll('[data-testid="consumer-lag"] tbody tr').map((r) => r.findAll('td').map((td) => td.text()));
    expect(rows()).toEqual([
      ['OPS', 'gateway-health', '12\u00a0000', '0'],
      ['CASH', 'anomaly-detectors', '2', '1'],
    ]);
    expect(wrapper.find('[data-title="Événements par minute"]').text()).toContain('09:01');
    usePipelineStore().apply({ ...PIPELINE, sampledAt: '2026-11-30T08:03:20.000Z', consumers: [{ stream: 'OPS', durable: 'gateway-health', pending: 0, ackPending: 0 }] });
    await flushPromises();
    expect(rows()).toEqual([['OPS', 'gateway-health', '0', '0']]);
  });

  it('« Service indisponible » for the daily series, while the pipeline part still shows', async () => {
    fakeGateway({ 'GET /api/metrics/daily': () => unavailable('anomaly'), 'GET /api/metrics/pipeline': PIPELINE });
    const wrapper = mountPage(MetricsPage, loggedIn());
    await flushPromises();
    expect(wrapper.find('[data-testid="unavailable"]').text()).toContain('Service indisponible');
    expect(wrapper.find('[data-testid="consumer-lag"]').exists()).toBe(true);
  });
});
