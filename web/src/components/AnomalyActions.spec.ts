import { describe, expect, it, vi } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import type { AnomalyStatus } from '@vigie/contracts';
import AnomalyActions from './AnomalyActions.vue';
import { ACT_ON_ANOMALY, type ActOnAnomaly } from '../actions';
import { ApiError } from '../api';
import { view } from '../test-fixtures';

function mountActions(status: AnomalyStatus, act: ActOnAnomaly = vi.fn(async () => undefined)) {
  const wrapper = mount(AnomalyActions, {
    props: { anomaly: view({ anomalyId: 'anm-1', seq: 3, status }) },
    global: { provide: { [ACT_ON_ANOMALY as symbol]: act } },
  });
  return { wrapper, act };
}

const buttons = (wrapper: ReturnType<typeof mountActions>['wrapper']) =>
  wrapper.findAll('button').map((b) => [b.attributes('data-testid'), b.text()]);

describe('AnomalyActions', () => {
  it('an open anomaly offers Acquitter, Mettre en sourdine 1 h / 24 h and Résoudre', () => {
    const { wrapper } = mountActions('open');
    expect(buttons(wrapper)).toEqual([
      ['action-acknowledge', 'Acquitter'],
      ['action-silence-1h', '1 h'],
      ['action-silence-24h', '24 h'],
      ['action-resolve', 'Résoudre'],
    ]);
    expect(wrapper.find('[role="group"]').attributes('aria-label')).toBe('Mettre en sourdine');
    expect(wrapper.text()).toContain('Mettre en sourdine');
    expect(wrapper.find('[data-testid="action-silence-24h"]').attributes('aria-label')).toBe('Mettre en sourdine 24 h');
  });

  it('an acknowledged anomaly can still be silenced or resolved, not acknowledged again', () => {
    const { wrapper } = mountActions('acknowledged');
    expect(buttons(wrapper).map(([id]) => id)).toEqual(['action-silence-1h', 'action-silence-24h', 'action-resolve']);
  });

  it('a silenced anomaly can be acknowledged, silenced again or resolved', () => {
    const { wrapper } = mountActions('silenced');
    expect(buttons(wrapper).map(([id]) => id)).toEqual([
      'action-acknowledge',
      'action-silence-1h',
      'action-silence-24h',
      'action-resolve',
    ]);
  });

  it('a resolved anomaly shows no action', () => {
    const { wrapper } = mountActions('resolved');
    expect(wrapper.find('[data-testid="anomaly-actions"]').exists()).toBe(false);
    expect(wrapper.findAll('button')).toHaveLength(0);
  });

  it('hides the buttons once the anomaly is pushed resolved', async () => {
    const { wrapper } = mountActions('open');
    await wrapper.setProps({ anomaly: view({ anomalyId: 'anm-1', seq: 4, status: 'resolved' }) });
    expect(wrapper.findAll('button')).toHaveLength(0);
  });

  it.each([
    ['action-acknowledge', 'acknowledge', {}],
    ['action-silence-1h', 'silence', { durationMinutes: 60 }],
    ['action-silence-24h', 'silence', { durationMinutes: 1440 }],
    ['action-resolve', 'resolve', {}],
  ])('%s calls %s with %j', async (testId, action, body) => {
    const { wrapper, act } = mountActions('open');
    await wrapper.find(`[data-testid="${testId}"]`).trigger('click');
    await flushPromises();
    expect(act).toHaveBeenCalledWith('anm-1', action, body);
    expect(wrapper.find('[data-testid="action-error"]').exists()).toBe(false);
  });

  it('disables every button while an action is in flight, and ignores a second click', async () => {
    let done!: () => void;
    const act = vi.fn(() => new Promise<void>((r) => (done = r)));
    const { wrapper } = mountActions('open', act);
    await wrapper.find('[data-testid="action-acknowledge"]').trigger('click');
    expect(wrapper.findAll('button').every((b) => b.attributes('disabled') !== undefined)).toBe(true);
    await wrapper.find('[data-testid="action-resolve"]').trigger('click');
    expect(act).toHaveBeenCalledTimes(1);
    done();
    await flushPromises();
    expect(wrapper.findAll('button').every((b) => b.attributes('disabled') === undefined)).toBe(true);
  });

  it.each([
    [new ApiError(409, 'anomaly.already-resolved', 'x'), 'Cette anomalie est déjà résolue.'],
    [new ApiError(404, 'anomaly.not-found', 'x'), "Cette anomalie n'existe plus."],
    [new ApiError(502, 'upstream.unavailable', 'x'), 'Le service des anomalies ne répond pas. Réessayez dans un instant.'],
    [new ApiError(403, 'auth.forbidden', 'x'), "Votre compte n'a pas le droit de faire cette action."],
    [new ApiError(0, 'network', 'x'), 'Connexion au serveur impossible. Réessayez.'],
    [new ApiError(500, 'internal', 'x'), "L'action a échoué. Réessayez."],
  ])('a refusal (%s) is explained in French next to the buttons', async (error, message) => {
    const { wrapper } = mountActions('open', vi.fn(async () => Promise.reject(error)));
    await wrapper.find('[data-testid="action-resolve"]').trigger('click');
    await flushPromises();
    expect(wrapper.find('[data-testid="action-error"]').text()).toBe(message);
    expect(wrapper.find('[data-testid="action-error"]').attributes('role')).toBe('alert');
  });
});
