import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useHealthStore } from './health';
import { fakeGateway, health, loggedIn, unavailable } from '../test-fixtures';

describe('health store', () => {
  beforeEach(() => loggedIn());
  afterEach(() => vi.unstubAllGlobals());

  it('loads the overview, and keeps it when a later refresh fails', async () => {
    let down = false;
    fakeGateway({ 'GET /api/health': () => (down ? unavailable('monitor') : new Response(JSON.stringify(health()))) });
    const store = useHealthStore();
    await store.refresh();
    expect(store.overview?.services.map((s) => s.name)).toEqual(['gateway', 'cash', 'sync']);
    down = true;
    await store.refresh();
    expect(store.overview?.services).toHaveLength(3);
    expect(store.error).toMatchObject({ code: 'upstream.unavailable' });
  });

  it('applies a pushed change, ignores one older than what it shows, adds a service it did not know', async () => {
    fakeGateway({ 'GET /api/health': health() });
    const store = useHealthStore();
    await store.refresh();
    store.applyChange({ service: 'gateway', up: false, at: '2026-11-30T07:00:00.000Z', latencyMs: 2000, error: 'timeout' });
    expect(store.overview?.services.find((s) => s.name === 'gateway')?.up).toBe(true);
    store.applyChange({ service: 'gateway', up: false, at: '2026-11-30T08:00:10.000Z', latencyMs: 2000, error: 'timeout' });
    expect(store.overview?.services.find((s) => s.name === 'gateway')).toMatchObject({
      up: false,
      lastError: 'timeout',
      failingSince: '2026-11-30T08:00:10.000Z',
      consecutiveFailures: 1,
      uptime7d: 0.995,
    });
    store.applyChange({ service: 'ai', up: true, at: '2026-11-30T08:00:10.000Z', latencyMs: 5, error: null });
    expect(store.overview?.services.at(-1)).toMatchObject({ name: 'ai', up: true, uptime24h: null });
  });
});
