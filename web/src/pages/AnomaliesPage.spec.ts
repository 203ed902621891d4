import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { enableAutoUnmount, flushPromises, mount } from '@vue/test-utils';
import AnomaliesPage from './AnomaliesPage.vue';
import { ACT_ON_ANOMALY } from '../actions';
import { setLocale } from '../i18n';
import { navigate, route } from '../router';
import { useAnomaliesStore } from '../stores/anomalies';
import { fakeGateway, jsonResponse, loggedIn, mountPage, view } from '../test-fixtures';

const LIST = [
  view({ anomalyId: 'caisse', seq: 1, ruleId: 'cash.variance', severity: 'warning', siteId: 'site-1', raisedAt: '2026-11-30T07:00:00Z' }),
  view({ anomalyId: 'down', seq: 2, ruleId: 'service.down', severity: 'critical', siteId: 'global', title: 'Service indisponible', raisedAt: '2026-11-30T08:00:00Z' }),
  view({ anomalyId: 'old', seq: 3, ruleId: 'cash.variance', severity: 'warning', status: 'resolved', siteId: 'site-2', raisedAt: '2026-11-29T07:00:00Z' }),
  view({ anomalyId: 'sync', seq: 4, ruleId: 'sync.stale', severity: 'critical', status: 'acknowledged', siteId: 'site-1', raisedAt: '2026-11-30T06:00:00Z' }),
];

enableAutoUnmount(afterEach);

describe('AnomaliesPage', () => {
  beforeEach(() => {
    setLocale('fr');
    fakeGateway({});
  });
  afterEach(() => vi.unstubAllGlobals());

  function mountList(hash = '#/anomalies') {
    navigate(hash);
    const pinia = loggedIn();
    useAnomaliesStore().applyList({ items: LIST, total: LIST.length, lastSeq: 4 });
    return mount(AnomaliesPage, { global: { plugins: [pinia], provide: { [ACT_ON_ANOMALY as symbol]: vi.fn(async () => undefined) } } });
  }
  const ids = (w: ReturnType<typeof mountList>) => w.findAll('[data-testid="anomaly-item"]').map((li) => li.attributes('data-anomaly-id'));

  it('lists every anomaly, newest first, each linking to its detail', () => {
    const wrapper = mountList();
    expect(ids(wrapper)).toEqual(['down', 'caisse', 'sync', 'old']);
    expect(wrapper.find('[data-testid="anomaly-count"]').text()).toBe('4 sur 4');
    expect(wrapper.find('[data-anomaly-id="down"] [data-testid="anomaly-link"]').attributes('href')).toBe('#/anomalies/down');
  });

  it.each([
    ['#/anomalies?status=active', ['down', 'caisse', 'sync']],
    ['#/anomalies?status=resolved', ['old']],
    ['#/anomalies?severity=critical', ['down', 'sync']],
    ['#/anomalies?family=cash', ['caisse', 'old']],
    ['#/anomalies?site=site-1&severity=critical', ['sync']],
  ])('filters from the address: %s', (hash, expected) => {
    const wrapper = mountList(hash);
    expect(ids(wrapper)).toEqual(expected);
    expect(wrapper.find('[data-testid="filter-reset"]').exists()).toBe(true);
  });

  it('a filter chosen goes to the address (so a reload or a shared link keeps it)', async () => {
    const wrapper = mountList();
    await wrapper.find('[data-testid="filter-severity"]').setValue('critical');
    expect(route.value.query).toEqual({ severity: 'critical' });
    await wrapper.vm.$nextTick();
    expect(ids(wrapper)).toEqual(['down', 'sync']);
    await wrapper.find('[data-testid="filter-family"]').setValue('sync');
    expect(route.value.query).toEqual({ severity: 'critical', family: 'sync' });
    expect(wrapper.find('[data-testid="filter-site"]').findAll('option').map((o) => o.text())).toEqual(['Tous', 'global', 'site-1', 'site-2']);
  });

  it('says when nothing matches, rather than "all is well"', () => {
    const wrapper = mountList('#/anomalies?family=auth');
    expect(wrapper.find('[data-testid="anomaly-empty"]').text()).toBe('Aucune anomalie ne correspond à ces filtres.');
  });

  it('a live push appears in the filtered list when it matches', async () => {
    const wrapper = mountList('#/anomalies?severity=critical');
    useAnomaliesStore().applyPush({ seq: 9, eventType: 'anomaly.alert.raised', anomaly: view({ anomalyId: 'new', seq: 9, severity: 'critical', raisedAt: '2026-11-30T09:00:00Z' }) });
    useAnomaliesStore().applyPush({ seq: 10, eventType: 'anomaly.alert.raised', anomaly: view({ anomalyId: 'minor', seq: 10, severity: 'info', raisedAt: '2026-11-30T09:00:00Z' }) });
    await wrapper.vm.$nextTick();
    expect(ids(wrapper)).toEqual(['new', 'down', 'sync']);
  });

  it('the detail shows the evidence, the data, the rule, and the actions', () => {
    const pinia = loggedIn();
    navigate('#/anomalies/caisse');
    useAnomaliesStore().applyList({
      items: [
        view({
          anomalyId: 'caisse',
          seq: 5,
          ruleVersion: 2,
          evidence: [{ stream: 'CASH', seq: 41, eventId: '0193a2b4-0000-7000-8000-000000000041' }],
          details: { variance: -23.4, registerId: 'register-1', sessions: ['s-1', 's-2'] },
        }),
      ],
      total: 1,
      lastSeq: 5,
    });
    const wrapper = mount(AnomaliesPage, { global: { plugins: [pinia], provide: { [ACT_ON_ANOMALY as symbol]: vi.fn() } } });
    const detail = wrapper.find('[data-testid="anomaly-detail"]');
    expect(detail.find('[data-testid="anomaly-title"]').text()).toBe('Écart de caisse');
    expect(detail.text()).toContain('Écart de caisse cash.variance');
    expect(detail.text()).toContain('version 2');
    expect(detail.findAll('[data-testid="evidence-row"]').map((r) => r.findAll('td').map((td) => td.text()))).toEqual([
      ['CASH', '41', '0193a2b4-0000-7000-8000-000000000041', 'Voir'],
    ]);
    expect(detail.find('[data-testid="anomaly-details"]').text()).toContain('-23.4');
    expect(detail.find('[data-testid="anomaly-details"]').text()).toContain('["s-1","s-2"]');
    expect(detail.find('[data-testid="action-acknowledge"]').exists()).toBe(true);
    expect(wrapper.find('[data-testid="anomaly-filters"]').exists()).toBe(false);
  });

  it('opens an evidence event read back from its stream through the audit API, and hides it again', async () => {
    const stored = { id: '0193a2b4-0000-7000-8000-000000000041', type: 'cash.session.closed', data: { registerId: 'register-1', variance: -23.4 } };
    const gateway = fakeGateway({
      'GET /api/audit/events/CASH/41': { stream: 'CASH', seq: 41, subject: 'recyclic.cash.session.closed.site-1.register-1', time: '2026-11-30T07:00:00Z', event: stored },
      'GET /api/audit/events/AI/7': { stream: 'AI', seq: 7, subject: 'recyclic.ai.x', time: '2026-11-30T07:00:00Z', error: 'data.model: is required' },
    });
    const pinia = loggedIn();
    navigate('#/anomalies/caisse');
    useAnomaliesStore().applyList({
      items: [
        view({
          anomalyId: 'caisse',
          seq: 5,
          evidence: [
            { stream: 'CASH', seq: 41, eventId: '0193a2b4-0000-7000-8000-000000000041' },
            { stream: 'AI', seq: 7, eventId: '0193a2b4-0000-7000-8000-000000000007' },
            { stream: 'SYNC', seq: 3, eventId: '0193a2b4-0000-7000-8000-000000000003' },
          ],
        }),
      ],
      total: 1,
      lastSeq: 5,
    });
    const wrapper = mount(AnomaliesPage, { global: { plugins: [pinia], provide: { [ACT_ON_ANOMALY as symbol]: vi.fn() } } });
    const toggles = () => wrapper.findAll('[data-testid="evidence-toggle"]');
    expect(wrapper.findAll('[data-testid="evidence-event"]')).toHaveLength(0);

    for (const t of toggles()) await t.trigger('click');
    await flushPromises();
    expect(gateway.calls.map((c) => c.url)).toEqual(['/api/audit/events/CASH/41', '/api/audit/events/AI/7', '/api/audit/events/SYNC/3']);
    const events = wrapper.findAll('[data-testid="evidence-event"]');
    expect(JSON.parse(events[0].find('pre').text())).toEqual(stored);
    expect(events[1].text()).toBe('Événement illisible : data.model: is required');
    expect(events[2].text()).toBe('Événement introuvable ou inaccessible.');
    expect(toggles().map((t) => [t.text(), t.attributes('aria-expanded')])).toEqual([
      ['Masquer', 'true'],
      ['Masquer', 'true'],
      ['Masquer', 'true'],
    ]);

    await toggles()[0].trigger('click');
    expect(wrapper.findAll('[data-testid="evidence-event"]')).toHaveLength(2);
    expect(toggles()[0].text()).toBe('Voir');
  });

  it('the detail of an anomaly not in the list is read from the gateway, then follows live pushes', async () => {
    const gateway = fakeGateway({ 'GET /api/anomalies/older': view({ anomalyId: 'older', seq: 2, title: 'Ancienne' }) });
    const wrapper = mountList('#/anomalies/older');
    await flushPromises();
    expect(gateway.calls.map((c) => c.url)).toEqual(['/api/anomalies/older']);
    expect(wrapper.find('[data-testid="anomaly-title"]').text()).toBe('Ancienne');
    useAnomaliesStore().applyPush({ seq: 8, eventType: 'anomaly.alert.resolved', anomaly: view({ anomalyId: 'older', seq: 8, title: 'Ancienne', status: 'resolved' }) });
    await wrapper.vm.$nextTick();
    expect(wrapper.find('[data-testid="anomaly-status"]').text()).toBe('Résolue');
  });

  it('an unknown anomaly says so', async () => {
    fakeGateway({ 'GET /api/anomalies/nope': () => jsonResponse(404, { error: { code: 'anomaly.not-found', message: 'no anomaly nope' } }) });
    const wrapper = mountPage(AnomaliesPage, loggedIn());
    navigate('#/anomalies/nope');
    await flushPromises();
    expect(wrapper.find('[data-testid="anomaly-missing"]').text()).toBe("Cette anomalie n'existe pas (ou plus).");
  });
});
