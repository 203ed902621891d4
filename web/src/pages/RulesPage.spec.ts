import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { enableAutoUnmount, flushPromises } from '@vue/test-utils';
import type { RuleView } from '@vigie/contracts';
import RulesPage from './RulesPage.vue';
import { setLocale } from '../i18n';
import { fakeGateway, jsonResponse, loggedIn, mountPage, unavailable } from '../test-fixtures';

enableAutoUnmount(afterEach);

const VARIANCE: RuleView = {
  ruleId: 'cash.variance',
  version: 1,
  enabled: true,
  severity: 'warning',
  params: { warningAbove: 10, criticalAbove: 50 },
  overrides: [{ ruleId: 'cash.variance', scope: { siteId: 'site-2' }, params: { warningAbove: 20 } }],
};
const STALE: RuleView = { ruleId: 'sync.stale', version: 3, enabled: false, severity: 'critical', params: { staleAfterHours: 24 }, overrides: [] };

describe('RulesPage', () => {
  beforeEach(() => setLocale('fr'));
  afterEach(() => vi.unstubAllGlobals());

  function mountRules(role: 'admin' | 'super-admin', extra: Parameters<typeof fakeGateway>[0] = {}) {
    const gateway = fakeGateway({ 'GET /api/rules': { items: [VARIANCE, STALE] }, ...extra });
    const wrapper = mountPage(RulesPage, loggedIn(role));
    return { gateway, wrapper };
  }

  it('shows every rule with its thresholds and overrides, read-only for an admin', async () => {
    const { wrapper } = mountRules('admin');
    await flushPromises();
    const rules = wrapper.findAll('[data-testid="rule"]');
    expect(rules.map((r) => r.find('h3').text())).toEqual(['Écart de caisse', 'Synchronisation en retard']);
    expect(rules[0].find('[data-testid="rule-params"]').text()).toContain('Avertissement au-delà de (€)');
    expect(rules[0].find('[data-testid="rule-override"]').text()).toContain('Site site-2 : warningAbove = 20');
    expect(rules[1].text()).toContain('Désactivée');
    expect(wrapper.find('[data-testid="rules-read-only"]').exists()).toBe(true);
    expect(wrapper.find('[data-testid="edit-cash.variance"]').exists()).toBe(false);
  });

  it('a super-admin changes a threshold for one site: only what changed is sent', async () => {
    const saved: RuleView = { ...VARIANCE, version: 2, overrides: [...VARIANCE.overrides, { ruleId: 'cash.variance', scope: { siteId: 'site-1' }, params: { warningAbove: 15 } }] };
    const { wrapper, gateway } = mountRules('super-admin', { 'PUT /api/rules/cash.variance': saved });
    await flushPromises();
    await wrapper.find('[data-testid="edit-cash.variance"]').trigger('click');
    await wrapper.find('[data-testid="rule-site"]').setValue('site-1');
    await wrapper.find('[data-testid="rule-param-warningAbove"]').setValue('15');
    await wrapper.find('[data-testid="rule-editor"]').trigger('submit');
    await flushPromises();
    expect(gateway.calls.find((c) => c.method === 'PUT')).toMatchObject({
      url: '/api/rules/cash.variance',
      body: { scope: { siteId: 'site-1' }, params: { warningAbove: 15 } },
    });
    expect(wrapper.find('[data-testid="rule-editor"]').exists()).toBe(false);
    expect(wrapper.find('[data-testid="rule-notice"]').text()).toBe('Règle enregistrée.');
    expect(wrapper.findAll('[data-rule-id="cash.variance"] [data-testid="rule-override"]')).toHaveLength(2);
  });

  it('the form starts from what applies to the scope, and accepts a decimal comma', async () => {
    const { wrapper, gateway } = mountRules('super-admin', { 'PUT /api/rules/cash.variance': VARIANCE });
    await flushPromises();
    await wrapper.find('[data-testid="edit-cash.variance"]').trigger('click');
    await wrapper.find('[data-testid="rule-site"]').setValue('site-2');
    expect((wrapper.find('[data-testid="rule-param-warningAbove"]').element as HTMLInputElement).value).toBe('20');
    await wrapper.find('[data-testid="rule-param-criticalAbove"]').setValue('45,5');
    await wrapper.find('[data-testid="rule-severity"]').setValue('critical');
    await wrapper.find('[data-testid="rule-editor"]').trigger('submit');
    await flushPromises();
    expect(gateway.calls.find((c) => c.method === 'PUT')?.body).toEqual({ scope: { siteId: 'site-2' }, severity: 'critical', params: { criticalAbove: 45.5 } });
  });

  it('shows validation errors beside the fields and sends nothing', async () => {
    const { wrapper, gateway } = mountRules('super-admin');
    await flushPromises();
    await wrapper.find('[data-testid="edit-cash.variance"]').trigger('click');
    await wrapper.find('[data-testid="rule-editor"]').trigger('submit');
    expect(wrapper.find('[data-testid="rule-form-error"]').text()).toBe("Modifiez au moins un seuil, la gravité ou l'activation.");
    await wrapper.find('[data-testid="rule-site"]').setValue('site 1');
    await wrapper.find('[data-testid="rule-param-warningAbove"]').setValue('-3');
    await wrapper.find('[data-testid="rule-param-criticalAbove"]').setValue('beaucoup');
    await wrapper.find('[data-testid="rule-editor"]').trigger('submit');
    const errors = wrapper.findAll('[data-testid="field-error"]').map((e) => e.text());
    expect(errors).toEqual(['Lettres, chiffres, « - » et « _ » seulement.', 'Saisissez un nombre positif ou nul.', 'Saisissez un nombre positif ou nul.']);
    expect(wrapper.find('[data-testid="rule-param-warningAbove"]').attributes('aria-invalid')).toBe('true');
    expect(gateway.calls.filter((c) => c.method === 'PUT')).toEqual([]);
  });

  it("shows the anomaly service's refusal", async () => {
    const { wrapper } = mountRules('super-admin', {
      'PUT /api/rules/sync.stale': () => jsonResponse(400, { error: { code: 'validation.failed', message: 'params.staleAfterHours: must be a number ≥ 0' } }),
    });
    await flushPromises();
    await wrapper.find('[data-testid="edit-sync.stale"]').trigger('click');
    await wrapper.find('[data-testid="rule-enabled"]').setValue(true);
    await wrapper.find('[data-testid="rule-editor"]').trigger('submit');
    await flushPromises();
    expect(wrapper.find('[data-testid="rule-server-error"]').text()).toBe('Refusé : params.staleAfterHours: must be a number ≥ 0');
    expect(wrapper.find('[data-testid="rule-editor"]').exists()).toBe(true);
  });

  it('a super-admin removes an override', async () => {
    const { wrapper, gateway } = mountRules('super-admin', { 'DELETE /api/rules/cash.variance/overrides': { ...VARIANCE, overrides: [] } });
    await flushPromises();
    await wrapper.find('[data-rule-id="cash.variance"] [data-testid="rule-override"] button').trigger('click');
    await flushPromises();
    expect(gateway.calls.find((c) => c.method === 'DELETE')?.url).toBe('/api/rules/cash.variance/overrides?siteId=site-2');
    expect(wrapper.find('[data-rule-id="cash.variance"] [data-testid="rule-override"]').exists()).toBe(false);
  });

  it('« Service indisponible » when the anomaly service does not answer', async () => {
    const { wrapper } = mountRules('admin', { 'GET /api/rules': () => unavailable('anomaly') });
    await flushPromises();
    expect(wrapper.find('[data-testid="unavailable"]').text()).toContain('Service indisponible');
  });
});
