import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { enableAutoUnmount, flushPromises } from '@vue/test-utils';
import type { RecommendationView } from '@vigie/contracts';
import RecommendationsPage from './RecommendationsPage.vue';
import { setLocale } from '../i18n';
import { fakeGateway, loggedIn, mountPage, unavailable } from '../test-fixtures';

enableAutoUnmount(afterEach);

const RECOMMENDATION: RecommendationView = {
  recommendationId: 'rec-1',
  kind: 'register-shortfalls',
  siteId: 'site-1',
  subject: 'caisse-2',
  severity: 'warning',
  title: 'Caisse caisse-2 : écarts répétés',
  summary: '4 écarts de plus de 10 € en 14 jours',
  evidence: { sessions: 4, shortfallEuros: 63.5 },
  actions: ['Recompter le fond de caisse', 'Revoir la procédure de clôture'],
  asOf: '2026-11-29',
  issuedAt: '2026-11-30T06:15:00.000Z',
};

describe('RecommendationsPage', () => {
  beforeEach(() => setLocale('fr'));
  afterEach(() => vi.unstubAllGlobals());

  it('shows each recommendation with its severity, figures and what to do', async () => {
    fakeGateway({ 'GET /api/recommendations': { items: [RECOMMENDATION, { ...RECOMMENDATION, recommendationId: 'rec-2', severity: 'critical', title: 'IA lente', kind: 'ai-latency' }] } });
    const wrapper = mountPage(RecommendationsPage, loggedIn());
    await flushPromises();
    const cards = wrapper.findAll('[data-testid="recommendation"]');
    expect(cards.map((c) => c.find('[data-testid="recommendation-title"]').text())).toEqual(['Caisse caisse-2 : écarts répétés', 'IA lente']);
    const first = cards[0];
    expect(first.text()).toContain('Avertissement');
    expect(first.text()).toContain('site-1 · caisse-2');
    expect(first.text()).toContain('63,50');
    expect(first.findAll('.actions li').map((li) => li.text())).toEqual(RECOMMENDATION.actions);
    expect(first.text()).toContain('Calculée sur les données du 29/11/2026');
    expect(cards[1].classes()).toContain('sev-critical');
  });

  it('says when there is none', async () => {
    fakeGateway({ 'GET /api/recommendations': { items: [] } });
    const wrapper = mountPage(RecommendationsPage, loggedIn());
    await flushPromises();
    expect(wrapper.find('[data-testid="recommendations-empty"]').text()).toBe('Aucune recommandation active.');
  });

  it('« Service indisponible » when the anomaly service does not answer', async () => {
    fakeGateway({ 'GET /api/recommendations': () => unavailable('anomaly') });
    const wrapper = mountPage(RecommendationsPage, loggedIn());
    await flushPromises();
    expect(wrapper.find('[data-testid="unavailable"]').text()).toContain('Service indisponible');
    setLocale('en');
    await flushPromises();
    expect(wrapper.find('[data-testid="unavailable"]').text()).toContain('Service unavailable');
    expect(wrapper.find('h2').text()).toBe('Maintenance recommendations');
  });
});
