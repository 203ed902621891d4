import { evolveTargetState, hourOf, type TargetState } from './target-state.evolve';

const probe = (ok: boolean, latencyMs = 12, error?: string) => ({ target: 'cash', ok, latencyMs, ...(error ? { error } : {}) });

describe('evolveTargetState', () => {
  it('a first probe sets the state and is a change (the dashboard learns the service exists)', () => {
    expect(evolveTargetState(undefined, probe(true), '2026-11-30T08:00:00.000Z')).toEqual({
      state: { target: 'cash', up: true, since: '2026-11-30T08:00:00.000Z', lastProbeAt: '2026-11-30T08:00:00.000Z', latencyMs: 12, error: null },
      change: { service: 'cash', up: true, at: '2026-11-30T08:00:00.000Z', latencyMs: 12, error: null },
    });
  });

  const upSince8: TargetState = {
    target: 'cash',
    up: true,
    since: '2026-11-30T08:00:00.000Z',
    lastProbeAt: '2026-11-30T08:00:05.000Z',
    latencyMs: 10,
    error: null,
  };

  it('the same state again keeps `since` and pushes nothing', () => {
    const { state, change } = evolveTargetState(upSince8, probe(true, 30), '2026-11-30T08:00:10.000Z');
    expect(change).toBeUndefined();
    expect(state).toMatchObject({ up: true, since: '2026-11-30T08:00:00.000Z', lastProbeAt: '2026-11-30T08:00:10.000Z', latencyMs: 30 });
  });

  it('going down is a change carrying the probe error', () => {
    const { state, change } = evolveTargetState(upSince8, probe(false, 2000, 'timeout: no answer within 2000 ms'), '2026-11-30T08:00:10.000Z');
    expect(change).toEqual({
      service: 'cash',
      up: false,
      at: '2026-11-30T08:00:10.000Z',
      latencyMs: 2000,
      error: 'timeout: no answer within 2000 ms',
    });
    expect(state).toMatchObject({ up: false, since: '2026-11-30T08:00:10.000Z', error: 'timeout: no answer within 2000 ms' });
  });

  it('a probe older than the latest one seen changes nothing', () => {
    expect(evolveTargetState(upSince8, probe(false), '2026-11-30T08:00:01.000Z')).toEqual({ state: undefined, change: undefined });
  });

  it('hourOf truncates to the UTC hour', () => {
    expect(hourOf('2026-11-30T08:59:59.999Z').toISOString()).toBe('2026-11-30T08:00:00.000Z');
    expect(hourOf(new Date('2026-11-30T09:00:00.000Z')).toISOString()).toBe('2026-11-30T09:00:00.000Z');
  });
});
