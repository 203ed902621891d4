import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { mount } from '@vue/test-utils';
import { createPinia, setActivePinia, type Pinia } from 'pinia';
import App from './App.vue';
import { setLocale } from './i18n';
import { navigate } from './router';
import { useAnomaliesStore } from './stores/anomalies';
import { useSessionStore } from './stores/session';
import { loginResponse, push, view } from './test-fixtures';

describe('App', () => {
  let pinia: Pinia;
  beforeEach(() => {
    sessionStorage.clear();
    setLocale('fr');
    pinia = createPinia();
    setActivePinia(pinia);
    useSessionStore().adopt(loginResponse());
    // The pages' own reads: no gateway here.
    vi.stubGlobal('fetch', vi.fn(async () => new Response('', { status: 503 })));
    navigate('#/anomalies');
  });
  afterEach(() => {
    useSessionStore().logOut();
    vi.unstubAllGlobals();
  });

  const mountApp = () => mount(App, { global: { plugins: [pinia] } });
  const ids = (w: ReturnType<typeof mountApp>) =>
    w.findAll('[data-testid="anomaly-item"]').map((li) => li.attributes('data-anomaly-id'));

  it('shows the header, the connection badge and a loading state before the list', () => {
    const wrapper = mountApp();
    expect(wrapper.find('h1').text()).toBe('Vigie');
    expect(wrapper.find('h2').text()).toBe('Anomalies');
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

  it('offers every page in French, marks the current one, and lands on the overview', async () => {
    const wrapper = mountApp();
    const links = wrapper.findAll('nav a');
    expect(links.map((a) => [a.text(), a.attributes('href')])).toEqual([
      ["Vue d'ensemble", '#/overview'],
      ['Anomalies', '#/anomalies'],
      ['Métriques', '#/metrics'],
      ['Recommandations', '#/recommendations'],
      ['Rapports', '#/reports'],
      ['Notifications', '#/notifications'],
      ['Règles', '#/rules'],
      ['Mon compte', '#/accounts'],
    ]);
    expect(wrapper.find('[aria-current="page"]').text()).toBe('Anomalies');
    navigate('#/');
    await wrapper.vm.$nextTick();
    expect(wrapper.find('[data-testid="page-overview"]').exists()).toBe(true);
    expect(wrapper.find('[aria-current="page"]').text()).toBe("Vue d'ensemble");
  });

  it('changes page in place, keeping the live list (no reload)', async () => {
    const wrapper = mountApp();
    useAnomaliesStore().applyList({ items: [view({ anomalyId: 'a', seq: 1 })], total: 1, lastSeq: 1 });
    navigate('#/rules');
    await wrapper.vm.$nextTick();
    expect(wrapper.find('[data-testid="page-rules"]').exists()).toBe(true);
    expect(wrapper.find('[data-testid="page-anomalies"]').exists()).toBe(false);
    navigate('#/anomalies');
    await wrapper.vm.$nextTick();
    expect(ids(wrapper)).toEqual(['a']);
  });

  it('switches to English and back, and remembers the choice', async () => {
    const wrapper = mountApp();
    useAnomaliesStore().applyList({ items: [view({ anomalyId: 'a', seq: 1 })], total: 1, lastSeq: 1 });
    await wrapper.vm.$nextTick();
    await wrapper.find('[data-testid="language"]').trigger('click');
    expect(wrapper.find('[data-testid="logout"]').text()).toBe('Log out');
    expect(wrapper.find('[data-testid="anomaly-severity"]').text()).toBe('Warning');
    expect(wrapper.find('[data-testid="action-acknowledge"]').text()).toBe('Acknowledge');
    expect(wrapper.findAll('nav a').map((a) => a.text())).toContain('Overview');
    expect(document.documentElement.lang).toBe('en');
    expect(localStorage.getItem('vigie.locale')).toBe('en');
    await wrapper.find('[data-testid="language"]').trigger('click');
    expect(wrapper.find('[data-testid="logout"]').text()).toBe('Se déconnecter');
    expect(wrapper.find('[data-testid="anomaly-severity"]').text()).toBe('Avertissement');
  });

  it('says so for an unknown page', async () => {
    navigate('#/nowhere');
    const wrapper = mountApp();
    expect(wrapper.find('[data-testid="not-found"]').text()).toBe("Cette page n'existe pas.");
  });

  it('shows the login page, not the dashboard, to someone logged out; logging out goes back to it and ends the token on the gateway', async () => {
    const fetchMock = vi.fn(async (_url: string, _init?: RequestInit) => new Response(null, { status: 204 }));
    vi.stubGlobal('fetch', fetchMock);
    const wrapper = mountApp();
    expect(wrapper.find('[data-testid="account"]').text()).toBe('marie (Administrateur)');
    await wrapper.find('[data-testid="logout"]').trigger('click');
    await vi.waitFor(() => expect(fetchMock.mock.calls.some(([url]) => String(url).endsWith('/api/auth/logout'))).toBe(true));
    const [, init] = fetchMock.mock.calls.find(([url]) => String(url).endsWith('/api/auth/logout'))!;
    expect(init).toMatchObject({ method: 'POST', headers: { authorization: 'Bearer token-1' } });

    expect(wrapper.find('[data-testid="login-form"]').exists()).toBe(true);
    expect(wrapper.find('[data-testid="anomaly-list"]').exists()).toBe(false);
    expect(wrapper.find('h1').text()).toBe('Vigie');
    expect(sessionStorage.length).toBe(0);
  });

  it('an action answered 401 ends the session: back to the login page with a notice', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => new Response(JSON.stringify({ error: { code: 'auth.unauthorized', message: 'expired' } }), { status: 401 })),
    );
    const wrapper = mountApp();
    useAnomaliesStore().applyList({ items: [view({ anomalyId: 'a', seq: 1 })], total: 1, lastSeq: 1 });
    await wrapper.vm.$nextTick();

    await wrapper.find('[data-testid="action-acknowledge"]').trigger('click');
    await vi.waitFor(() => expect(wrapper.find('[data-testid="login-form"]').exists()).toBe(true));
    expect(wrapper.find('[data-testid="login-notice"]').text()).toBe('Votre session a expiré : reconnectez-vous.');
  });

  it('sends an action with the token to the gateway', async () => {
    const fetchMock = vi.fn(async () => new Response(JSON.stringify({ anomalyId: 'a', status: 'silenced' }), { status: 200 }));
    vi.stubGlobal('fetch', fetchMock);
    const wrapper = mountApp();
    useAnomaliesStore().applyList({ items: [view({ anomalyId: 'a', seq: 1 })], total: 1, lastSeq: 1 });
    await wrapper.vm.$nextTick();

    await wrapper.find('[data-testid="action-silence-24h"]').trigger('click');
    await vi.waitFor(() => expect(fetchMock).toHaveBeenCalledTimes(1));
    const [url, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('/api/anomalies/a/silence');
    expect(init.method).toBe('POST');
    expect(init.headers).toMatchObject({ authorization: 'Bearer token-1', 'content-type': 'application/json' });
    expect(JSON.parse(String(init.body))).toEqual({ durationMinutes: 1440 });
  });
});
