import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { enableAutoUnmount, flushPromises } from '@vue/test-utils';
import type { ChatView, Subscription } from '@vigie/contracts';
import NotificationsPage from './NotificationsPage.vue';
import { setLocale } from '../i18n';
import { fakeGateway, jsonResponse, loggedIn, mountPage, unavailable } from '../test-fixtures';

enableAutoUnmount(afterEach);

const chat = (chatId: string): ChatView => ({
  chatId,
  linkedVia: 'code',
  linkedBy: 'p-0123456789abcdef01234567',
  linkedAt: '2026-11-30T07:00:00.000Z',
  locale: 'fr',
  timeZone: 'Europe/Paris',
  quietHours: null,
  mutedUntil: null,
});
const SUBS: Subscription[] = [
  { topic: 'cash.*', enabled: true, minSeverity: 'warning', resolved: true },
  { topic: 'sync.*', enabled: false, minSeverity: 'warning', resolved: true },
  { topic: 'report.weekly', enabled: true, minSeverity: 'info', resolved: false },
];

describe('NotificationsPage', () => {
  beforeEach(() => setLocale('fr'));
  afterEach(() => vi.unstubAllGlobals());

  const routes = (put: (body: { items: Subscription[] }) => Response = (body) => jsonResponse(200, { chatId: '111', items: body.items })) => ({
    'GET /api/chats': { items: [chat('111'), chat('-222')] },
    'GET /api/chats/111/subscriptions': { chatId: '111', items: SUBS },
    'GET /api/chats/-222/subscriptions': { chatId: '-222', items: SUBS.slice(0, 1) },
    'PUT /api/chats/111/subscriptions': (_url: URL, init: RequestInit) => put(JSON.parse(String(init.body))),
    'POST /api/chats/link-codes': { code: 'K7P2QX', expiresAt: '2026-11-30T08:10:00.000Z', command: '/link K7P2QX' },
  });

  it('creates a one-time link code and shows the command to send to the bot', async () => {
    const gateway = fakeGateway(routes());
    const wrapper = mountPage(NotificationsPage, loggedIn());
    await flushPromises();
    await wrapper.find('[data-testid="create-link-code"]').trigger('click');
    await flushPromises();
    expect(wrapper.find('[data-testid="link-command"]').text()).toBe('/link K7P2QX');
    expect(wrapper.find('[data-testid="link-code"]').text()).toContain('avant 30/11/2026 09:10');
    expect(gateway.calls.find((c) => c.method === 'POST')?.body).toEqual({});
  });

  it('shows a matrix of event types × chats with what each chat receives', async () => {
    fakeGateway(routes());
    const wrapper = mountPage(NotificationsPage, loggedIn());
    await flushPromises();
    const matrix = wrapper.find('[data-testid="subscriptions-matrix"]');
    expect(matrix.findAll('thead th').map((th) => th.text())).toEqual([
      "Type d'événement",
      'Chat 111 lié le 30/11/2026 08:00',
      'Chat -222 lié le 30/11/2026 08:00',
    ]);
    expect(matrix.findAll('tbody th').map((th) => th.text())).toEqual(['Caisse', 'Synchronisation', 'Rapport hebdomadaire']);
    const enabled = (chatId: string, topic: string) =>
      (wrapper.find(`[data-testid="subscription-cell"][data-chat="${chatId}"][data-topic="${topic}"] [data-testid="sub-enabled"]`).element as HTMLInputElement).checked;
    expect([enabled('111', 'cash.*'), enabled('111', 'sync.*'), enabled('111', 'report.weekly')]).toEqual([true, false, true]);
    expect(enabled('-222', 'sync.*')).toBe(false);
  });

  it('saves the edited subscriptions of one chat', async () => {
    const gateway = fakeGateway(routes());
    const wrapper = mountPage(NotificationsPage, loggedIn());
    await flushPromises();
    const cell = (topic: string) => wrapper.find(`[data-testid="subscription-cell"][data-chat="111"][data-topic="${topic}"]`);
    await cell('sync.*').find('[data-testid="sub-enabled"]').setValue(true);
    await cell('cash.*').find('[data-testid="sub-severity"]').setValue('critical');
    await cell('cash.*').find('[data-testid="sub-resolved"]').setValue(false);
    await wrapper.find('[data-testid="save-111"]').trigger('click');
    await flushPromises();
    expect(gateway.calls.find((c) => c.method === 'PUT')).toMatchObject({
      url: '/api/chats/111/subscriptions',
      body: {
        items: [
          { topic: 'cash.*', enabled: true, minSeverity: 'critical', resolved: false },
          { topic: 'sync.*', enabled: true, minSeverity: 'warning', resolved: true },
          { topic: 'report.weekly', enabled: true, minSeverity: 'info', resolved: false },
        ],
      },
    });
    expect(wrapper.find('[data-testid="save-outcome"]').text()).toBe('Abonnements enregistrés.');
  });

  it('a refused save says why', async () => {
    fakeGateway(routes(() => jsonResponse(400, { error: { code: 'validation.failed', message: 'invalid body: items.0.topic: unknown topic' } })));
    const wrapper = mountPage(NotificationsPage, loggedIn());
    await flushPromises();
    await wrapper.find('[data-testid="save-111"]').trigger('click');
    await flushPromises();
    expect(wrapper.find('[data-testid="save-outcome"]').text()).toBe("L'enregistrement a échoué : invalid body: items.0.topic: unknown topic");
    expect(wrapper.find('[data-testid="save-outcome"]').attributes('role')).toBe('alert');
  });

  it('« Service indisponible » when the notification service does not answer', async () => {
    fakeGateway({ 'GET /api/chats': () => unavailable('notification'), 'POST /api/chats/link-codes': () => unavailable('notification') });
    const wrapper = mountPage(NotificationsPage, loggedIn());
    await flushPromises();
    expect(wrapper.find('[data-testid="unavailable"]').text()).toContain('Le service de notification ne répond pas');
    await wrapper.find('[data-testid="create-link-code"]').trigger('click');
    await flushPromises();
    expect(wrapper.findAll('[data-testid="unavailable"]')).toHaveLength(2);
  });

  it('says when no chat is linked yet', async () => {
    fakeGateway({ 'GET /api/chats': { items: [] } });
    const wrapper = mountPage(NotificationsPage, loggedIn());
    await flushPromises();
    expect(wrapper.find('[data-testid="no-chats"]').text()).toBe("Aucun chat lié pour l'instant.");
  });

  it('unlinks a chat after a confirmation, then shows the chats left; an admin is told they see their own chats', async () => {
    let linked = [chat('111'), chat('-222')];
    const gateway = fakeGateway({
      ...routes(),
      'GET /api/chats': () => jsonResponse(200, { items: linked }),
      'DELETE /api/chats/-222': () => {
        linked = linked.filter((c) => c.chatId !== '-222');
        return new Response(null, { status: 204 });
      },
    });
    const wrapper = mountPage(NotificationsPage, loggedIn());
    await flushPromises();
    expect(wrapper.find('[data-testid="own-chats-only"]').text()).toBe('Vous voyez les chats liés avec vos propres codes.');
    await wrapper.find('[data-testid="unlink--222"]').trigger('click');
    expect(gateway.calls.filter((c) => c.method === 'DELETE')).toEqual([]);
    await wrapper.find('[data-testid="unlink-confirm--222"]').trigger('click');
    await flushPromises();
    expect(gateway.calls.filter((c) => c.method === 'DELETE').map((c) => c.url)).toEqual(['/api/chats/-222']);
    expect(wrapper.find('[data-testid="unlink-outcome"]').text()).toBe('Chat -222 délié.');
    expect(wrapper.findAll('thead th').map((th) => th.attributes('data-chat')).filter(Boolean)).toEqual(['111']);
  });

  it('says why a chat could not be unlinked; a super-admin gets no « own chats » note', async () => {
    fakeGateway({ ...routes(), 'DELETE /api/chats/111': () => jsonResponse(404, { error: { code: 'chat.not-found', message: 'no linked chat 111' } }) });
    const wrapper = mountPage(NotificationsPage, loggedIn('super-admin'));
    await flushPromises();
    expect(wrapper.find('[data-testid="own-chats-only"]').exists()).toBe(false);
    await wrapper.find('[data-testid="unlink-111"]').trigger('click');
    await wrapper.find('[data-testid="unlink-confirm-111"]').trigger('click');
    await flushPromises();
    expect(wrapper.find('[data-testid="unlink-outcome"]').attributes('role')).toBe('alert');
    expect(wrapper.find('[data-testid="unlink-outcome"]').text()).toMatch(/^Le chat n'a pas été délié : /);
  });
});
