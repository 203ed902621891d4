import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { enableAutoUnmount, flushPromises } from '@vue/test-utils';
import type { AccountChangeView, AccountView } from '@vigie/contracts';
import AccountsPage from './AccountsPage.vue';
import { setLocale } from '../i18n';
import { useSessionStore } from '../stores/session';
import { fakeGateway, jsonResponse, loggedIn, loginResponse, mountPage } from '../test-fixtures';

enableAutoUnmount(afterEach);

const ME = '0193a2b4-0000-7000-8000-000000000001';
const OTHER = '0193a2b4-0000-7000-8000-000000000002';
const account = (id: string, login: string, over: Partial<AccountView> = {}): AccountView => ({
  id,
  login,
  role: 'admin',
  disabled: false,
  createdAt: '2026-11-30T07:00:00.000Z',
  updatedAt: '2026-11-30T07:00:00.000Z',
  ...over,
});
const CHANGES: AccountChangeView[] = [
  { id: 'c2', at: '2026-11-30T08:00:00.000Z', actorId: ME, accountId: OTHER, action: 'disabled' },
  { id: 'c1', at: '2026-11-30T07:00:00.000Z', actorId: ME, accountId: OTHER, action: 'created', role: 'admin' },
];

describe('AccountsPage', () => {
  beforeEach(() => setLocale('fr'));
  afterEach(() => vi.unstubAllGlobals());

  describe('an admin', () => {
    const routes = (password: (body: unknown) => Response = () => jsonResponse(200, loginResponse('token-2'))) => ({
      'GET /api/accounts': { items: [account(ME, 'marie')] },
      'POST /api/auth/password': (_url: URL, init: RequestInit) => password(JSON.parse(String(init.body))),
    });

    it('sees their own account and a password form, not the others nor the history', async () => {
      const gateway = fakeGateway(routes());
      const wrapper = mountPage(AccountsPage, loggedIn('admin'));
      await flushPromises();
      expect(wrapper.find('[data-testid="my-account"]').text()).toContain('marie — Administrateur');
      expect(wrapper.find('[data-testid="my-account"]').text()).toContain('Créé le 30/11/2026 08:00');
      expect(wrapper.find('[data-testid="account-list"]').exists()).toBe(false);
      expect(wrapper.find('[data-testid="create-account-form"]').exists()).toBe(false);
      expect(gateway.calls.map((c) => c.url)).toEqual(['/api/accounts']);
    });

    it('changes their own password and keeps working with the fresh token', async () => {
      const gateway = fakeGateway(routes());
      const pinia = loggedIn('admin');
      const wrapper = mountPage(AccountsPage, pinia);
      await flushPromises();
      await wrapper.find('[data-testid="own-current"]').setValue('ancien mot de passe');
      await wrapper.find('[data-testid="own-new"]').setValue('nouveau mot de passe');
      await wrapper.find('[data-testid="own-confirm"]').setValue('nouveau mot de passe');
      await wrapper.find('[data-testid="own-password-form"]').trigger('submit');
      await flushPromises();
      expect(gateway.calls.find((c) => c.method === 'POST')).toMatchObject({
        url: '/api/auth/password',
        body: { currentPassword: 'ancien mot de passe', newPassword: 'nouveau mot de passe' },
        headers: { authorization: 'Bearer token-1' },
      });
      expect(useSessionStore(pinia).token).toBe('token-2');
      expect(wrapper.find('[data-testid="own-outcome"]').text()).toBe('Mot de passe changé. Vos autres sessions sont fermées.');
      expect((wrapper.find('[data-testid="own-current"]').element as HTMLInputElement).value).toBe('');
    });

    it('checks the new password before sending it, and says when the current one is wrong', async () => {
      const gateway = fakeGateway(routes(() => jsonResponse(400, { error: { code: 'account.wrong-password', message: 'the current password is wrong' } })));
      const wrapper = mountPage(AccountsPage, loggedIn('admin'));
      await flushPromises();
      const submit = async (current: string, next: string, confirm: string) => {
        await wrapper.find('[data-testid="own-current"]').setValue(current);
        await wrapper.find('[data-testid="own-new"]').setValue(next);
        await wrapper.find('[data-testid="own-confirm"]').setValue(confirm);
        await wrapper.find('[data-testid="own-password-form"]').trigger('submit');
        await flushPromises();
        return wrapper.find('[data-testid="own-outcome"]').text();
      };
      expect(await submit('ancien mot de passe', 'court', 'court')).toBe('Le mot de passe doit faire au moins 12 caractères.');
      expect(await submit('ancien mot de passe', 'nouveau mot de passe', 'autre mot de passe')).toBe('Les deux nouveaux mots de passe diffèrent.');
      expect(gateway.calls.filter((c) => c.method === 'POST')).toEqual([]);
      expect(await submit('faux mot de passe', 'nouveau mot de passe', 'nouveau mot de passe')).toBe('Le mot de passe actuel est incorrect.');
      expect(useSessionStore().token).toBe('token-1');
    });
  });

  describe('a super-admin', () => {
    function routes(extra: Record<string, unknown> = {}) {
      let items = [account(ME, 'marie', { role: 'super-admin' }), account(OTHER, 'paul', { disabled: true })];
      return {
        'GET /api/accounts': () => jsonResponse(200, { items }),
        'GET /api/accounts/changes': { items: CHANGES },
        'POST /api/accounts': (_url: URL, init: RequestInit) => {
          const body = JSON.parse(String(init.body)) as { login: string; role: 'admin' };
          const created = account('0193a2b4-0000-7000-8000-000000000003', body.login, { role: body.role });
          items = [...items, created];
          return jsonResponse(201, { ...created, generatedPassword: 'k7Qm2-abcde-FGHJK-23456' });
        },
        [`PATCH /api/accounts/${OTHER}`]: (_url: URL, init: RequestInit) => {
          const change = JSON.parse(String(init.body)) as Partial<AccountView>;
          items = items.map((a) => (a.id === OTHER ? { ...a, ...change } : a));
          return jsonResponse(200, items[1]);
        },
        [`POST /api/accounts/${OTHER}/password-reset`]: () => jsonResponse(200, { ...items[1], generatedPassword: 'Zz9yX-wvuts-rqpnm-kjhgf' }),
        ...extra,
      };
    }

    it('lists every account with its state, and the history with logins instead of ids', async () => {
      fakeGateway(routes());
      const wrapper = mountPage(AccountsPage, loggedIn('super-admin'));
      await flushPromises();
      const rows = wrapper.findAll('[data-testid="account-row"]');
      expect(rows.map((r) => [r.attributes('data-login'), r.find('[data-testid="account-state"]').text()])).toEqual([
        ['marie', 'Actif'],
        ['paul', 'Désactivé'],
      ]);
      expect(rows[0].text()).toContain('(vous)');
      expect(rows[1].find('[data-testid="account-toggle"]').text()).toBe('Réactiver');
      expect(wrapper.findAll('[data-testid="history-row"]').map((r) => r.findAll('td').map((td) => td.text()))).toEqual([
        ['30/11/2026 09:00', 'marie', 'paul', 'Désactivation'],
        ['30/11/2026 08:00', 'marie', 'paul', 'Création (Administrateur)'],
      ]);
    });

    it('creates an admin without a password and shows the generated one once', async () => {
      const gateway = fakeGateway(routes());
      const wrapper = mountPage(AccountsPage, loggedIn('super-admin'));
      await flushPromises();
      await wrapper.find('[data-testid="create-login"]').setValue('lucie');
      await wrapper.find('[data-testid="create-account-form"]').trigger('submit');
      await flushPromises();
      expect(gateway.calls.find((c) => c.method === 'POST')?.body).toEqual({ login: 'lucie', role: 'admin' });
      expect(wrapper.find('[data-testid="generated-password"]').text()).toContain('k7Qm2-abcde-FGHJK-23456');
      expect(wrapper.find('[data-testid="generated-password"]').text()).toContain('Mot de passe de lucie');
      expect(wrapper.find('[data-testid="create-outcome"]').text()).toBe('Compte lucie créé.');
      expect(wrapper.findAll('[data-testid="account-row"]').map((r) => r.attributes('data-login'))).toEqual(['marie', 'paul', 'lucie']);
      expect((wrapper.find('[data-testid="create-login"]').element as HTMLInputElement).value).toBe('');
    });

    it('refuses a too short initial password before sending, and says when a login is taken', async () => {
      const gateway = fakeGateway(routes({ 'POST /api/accounts': () => jsonResponse(409, { error: { code: 'account.login-taken', message: 'taken' } }) }));
      const wrapper = mountPage(AccountsPage, loggedIn('super-admin'));
      await flushPromises();
      await wrapper.find('[data-testid="create-login"]').setValue('paul');
      await wrapper.find('[data-testid="create-password"]').setValue('court');
      await wrapper.find('[data-testid="create-account-form"]').trigger('submit');
      await flushPromises();
      expect(wrapper.find('[data-testid="create-outcome"]').text()).toBe('Le mot de passe doit faire au moins 12 caractères.');
      expect(gateway.calls.filter((c) => c.method === 'POST')).toEqual([]);
      await wrapper.find('[data-testid="create-password"]').setValue('un mot de passe assez long');
      await wrapper.find('[data-testid="create-account-form"]').trigger('submit');
      await flushPromises();
      expect(wrapper.find('[data-testid="create-outcome"]').text()).toBe('Cet identifiant existe déjà.');
    });

    it('re-enables, changes a role and resets a password, each sent to the gateway', async () => {
      const gateway = fakeGateway(routes());
      const wrapper = mountPage(AccountsPage, loggedIn('super-admin'));
      await flushPromises();
      const paul = () => wrapper.find('[data-testid="account-row"][data-login="paul"]');
      await paul().find('[data-testid="account-toggle"]').trigger('click');
      await flushPromises();
      expect(paul().find('[data-testid="account-state"]').text()).toBe('Actif');
      expect(paul().find('[data-testid="account-outcome"]').text()).toBe('Modification enregistrée pour paul.');
      await paul().find('[data-testid="account-role"]').setValue('super-admin');
      await flushPromises();
      await paul().find('[data-testid="account-reset"]').trigger('click');
      await flushPromises();
      expect(gateway.calls.filter((c) => c.method !== 'GET').map((c) => [c.method, c.url, c.body])).toEqual([
        ['PATCH', `/api/accounts/${OTHER}`, { disabled: false }],
        ['PATCH', `/api/accounts/${OTHER}`, { role: 'super-admin' }],
        ['POST', `/api/accounts/${OTHER}/password-reset`, {}],
      ]);
      expect(wrapper.find('[data-testid="generated-password"]').text()).toContain('Zz9yX-wvuts-rqpnm-kjhgf');
    });

    it('says why the last super-admin cannot be demoted, and shows the role it kept', async () => {
      fakeGateway(
        routes({
          [`PATCH /api/accounts/${ME}`]: () =>
            jsonResponse(409, { error: { code: 'account.last-super-admin', message: 'at least one enabled super-admin must remain' } }),
        }),
      );
      const wrapper = mountPage(AccountsPage, loggedIn('super-admin'));
      await flushPromises();
      const marie = () => wrapper.find('[data-testid="account-row"][data-login="marie"]');
      await marie().find('[data-testid="account-role"]').setValue('admin');
      await flushPromises();
      expect(marie().find('[data-testid="account-outcome"]').text()).toBe('Refusé : il doit rester au moins un Super Admin actif.');
      expect((marie().find('[data-testid="account-role"]').element as HTMLSelectElement).value).toBe('super-admin');
    });

    it('in English', async () => {
      setLocale('en');
      fakeGateway(routes());
      const wrapper = mountPage(AccountsPage, loggedIn('super-admin'));
      await flushPromises();
      expect(wrapper.find('h2').text()).toBe('Accounts');
      expect(wrapper.find('[data-testid="account-row"][data-login="paul"] [data-testid="account-toggle"]').text()).toBe('Re-enable');
      expect(wrapper.find('[data-testid="create-submit"]').text()).toBe('Create the account');
    });
  });
});
