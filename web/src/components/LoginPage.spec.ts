import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import LoginPage from './LoginPage.vue';
import { SESSION_STORAGE_KEY, useSessionStore } from '../stores/session';
import { loginResponse } from '../test-fixtures';

function answer(status: number, body: unknown, headers: Record<string, string> = {}) {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
}

describe('LoginPage', () => {
  let fetchMock: ReturnType<typeof vi.fn>;

  beforeEach(() => {
    sessionStorage.clear();
    setActivePinia(createPinia());
    fetchMock = vi.fn();
    vi.stubGlobal('fetch', fetchMock);
  });
  afterEach(() => {
    useSessionStore().logOut();
    vi.unstubAllGlobals();
  });

  async function submit(login: string, password: string) {
    const wrapper = mount(LoginPage);
    await wrapper.find('[data-testid="login-name"]').setValue(login);
    await wrapper.find('[data-testid="login-password"]').setValue(password);
    await wrapper.find('[data-testid="login-form"]').trigger('submit');
    await flushPromises();
    return wrapper;
  }

  it('is in French: Identifiant, Mot de passe, Se connecter, with labelled inputs', () => {
    const wrapper = mount(LoginPage);
    const labels = wrapper.findAll('label').map((l) => [l.text(), l.attributes('for')]);
    expect(labels).toEqual([
      ['Identifiant', 'login-name'],
      ['Mot de passe', 'login-password'],
    ]);
    expect(wrapper.find('#login-name').attributes('autocomplete')).toBe('username');
    expect(wrapper.find('#login-password').attributes('type')).toBe('password');
    expect(wrapper.find('[data-testid="login-submit"]').text()).toBe('Se connecter');
    expect(wrapper.find('[data-testid="login-error"]').exists()).toBe(false);
  });

  it('posts the credentials and keeps the session in memory and in this tab', async () => {
    const session = loginResponse('token-ok');
    fetchMock.mockResolvedValue(answer(200, session));

    const wrapper = await submit('marie', 'un mot de passe solide');

    const [url, init] = fetchMock.mock.calls[0] as [string, RequestInit];
    expect(url).toBe('/api/auth/login');
    expect(JSON.parse(String(init.body))).toEqual({ login: 'marie', password: 'un mot de passe solide' });
    const store = useSessionStore();
    expect([store.authenticated, store.token, store.account]).toEqual([true, 'token-ok', session.account]);
    expect(JSON.parse(sessionStorage.getItem(SESSION_STORAGE_KEY)!)).toEqual(session);
    expect((wrapper.find('[data-testid="login-password"]').element as HTMLInputElement).value).toBe('');
  });

  it.each([
    [401, { error: { code: 'auth.invalid-credentials', message: 'invalid login or password' } }, {}, 'Identifiant ou mot de passe incorrect.'],
    [429, { error: { code: 'auth.rate-limited', message: 'too many' } }, { 'retry-after': '840' }, 'Trop de tentatives échouées. Réessayez dans 14 minutes.'],
    [429, { error: { code: 'auth.rate-limited', message: 'too many' } }, { 'retry-after': '30' }, 'Trop de tentatives échouées. Réessayez dans 1 minute.'],
    [502, { error: { code: 'internal', message: 'x' } }, {}, 'Le service est indisponible. Réessayez dans un instant.'],
  ])('a %d answer says so in French and stays on the page', async (status, body, headers, message) => {
    fetchMock.mockResolvedValue(answer(status, body, headers));
    const wrapper = await submit('marie', 'mauvais mot de passe');
    expect(wrapper.find('[data-testid="login-error"]').text()).toBe(message);
    expect(wrapper.find('[data-testid="login-error"]').attributes('role')).toBe('alert');
    expect(useSessionStore().authenticated).toBe(false);
    expect(sessionStorage.getItem(SESSION_STORAGE_KEY)).toBeNull();
  });

  it('a network failure says the service is unavailable', async () => {
    fetchMock.mockRejectedValue(new TypeError('Failed to fetch'));
    const wrapper = await submit('marie', 'un mot de passe');
    expect(wrapper.find('[data-testid="login-error"]').text()).toBe('Le service est indisponible. Réessayez dans un instant.');
  });

  it('asks for both fields before calling the gateway', async () => {
    const wrapper = await submit('  ', '');
    expect(wrapper.find('[data-testid="login-error"]').text()).toBe('Saisissez votre identifiant et votre mot de passe.');
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('disables the button while the login is in flight', async () => {
    let release!: (r: Response) => void;
    fetchMock.mockReturnValue(new Promise<Response>((r) => (release = r)));
    const wrapper = mount(LoginPage);
    await wrapper.find('[data-testid="login-name"]').setValue('marie');
    await wrapper.find('[data-testid="login-password"]').setValue('un mot de passe');
    await wrapper.find('[data-testid="login-form"]').trigger('submit');
    const button = wrapper.find('[data-testid="login-submit"]');
    expect(button.attributes('disabled')).toBeDefined();
    expect(button.text()).toBe('Connexion…');
    await wrapper.find('[data-testid="login-form"]').trigger('submit');
    expect(fetchMock).toHaveBeenCalledTimes(1);
    release(answer(200, loginResponse()));
    await flushPromises();
    expect(wrapper.find('[data-testid="login-submit"]').attributes('disabled')).toBeUndefined();
  });

  it('shows why the admin is back (expired session) until the next error', async () => {
    useSessionStore().adopt(loginResponse());
    useSessionStore().expire();
    const wrapper = mount(LoginPage);
    expect(wrapper.find('[data-testid="login-notice"]').text()).toBe('Votre session a expiré : reconnectez-vous.');
  });
});
