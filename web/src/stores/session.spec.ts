import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { ApiError } from '../api';
import { loginResponse } from '../test-fixtures';
import { EXPIRED_NOTICE, refreshDelayMs, SESSION_STORAGE_KEY, useSessionStore } from './session';

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status });
const MIN = 60_000;

describe('session store', () => {
  let fetchMock: ReturnType<typeof vi.fn>;

  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    vi.setSystemTime(Date.parse('2026-11-30T08:00:00Z'));
    sessionStorage.clear();
    setActivePinia(createPinia());
    fetchMock = vi.fn();
    vi.stubGlobal('fetch', fetchMock);
  });
  afterEach(() => {
    useSessionStore().logOut();
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it('renews the token a minute before it expires (half the time left when shorter)', () => {
    const now = Date.now();
    expect(refreshDelayMs(now + 15 * MIN, now)).toBe(14 * MIN);
    expect(refreshDelayMs(now + 60_000, now)).toBe(30_000);
    expect(refreshDelayMs(now + 500, now)).toBe(1000);
  });

  it('signing out forgets the session at once and asks the gateway to end the token, even when it cannot be reached', async () => {
    const session = useSessionStore();
    session.adopt(loginResponse('token-1'));
    fetchMock.mockRejectedValueOnce(new TypeError('Failed to fetch'));
    const done = session.signOut();
    expect([session.authenticated, sessionStorage.getItem(SESSION_STORAGE_KEY)]).toEqual([false, null]);
    await expect(done).resolves.toBeUndefined();
    expect(fetchMock).toHaveBeenCalledWith('/api/auth/logout', expect.objectContaining({ method: 'POST', headers: expect.objectContaining({ authorization: 'Bearer token-1' }) }));
    await vi.advanceTimersByTimeAsync(20 * MIN);
    expect(fetchMock).toHaveBeenCalledTimes(1);
  });

  it('refreshes before expiry with the current token and keeps going', async () => {
    const session = useSessionStore();
    session.adopt(loginResponse('token-1'));
    fetchMock.mockResolvedValueOnce(json(200, loginResponse('token-2')));

    await vi.advanceTimersByTimeAsync(14 * MIN - 1);
    expect(fetchMock).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);

    const [url, init] = fetchMock.mock.calls[0] as [string, RequestInit];
    expect(url).toBe('/api/auth/refresh');
    expect(init.headers).toMatchObject({ authorization: 'Bearer token-1' });
    expect(session.token).toBe('token-2');
    expect(JSON.parse(sessionStorage.getItem(SESSION_STORAGE_KEY)!).token).toBe('token-2');

    fetchMock.mockResolvedValueOnce(json(200, loginResponse('token-3')));
    await vi.advanceTimersByTimeAsync(14 * MIN);
    expect(session.token).toBe('token-3');
  });

  it('a refresh refused with 401 ends the session with a notice', async () => {
    const session = useSessionStore();
    session.adopt(loginResponse('token-1'));
    fetchMock.mockResolvedValueOnce(json(401, { error: { code: 'auth.unauthorized', message: 'revoked' } }));
    await vi.advanceTimersByTimeAsync(14 * MIN);
    expect([session.authenticated, session.notice]).toEqual([false, EXPIRED_NOTICE]);
    expect(sessionStorage.getItem(SESSION_STORAGE_KEY)).toBeNull();
  });

  it('a refresh that cannot reach the gateway is retried while the token lasts', async () => {
    const session = useSessionStore();
    session.adopt(loginResponse('token-1'));
    fetchMock.mockRejectedValueOnce(new TypeError('offline')).mockResolvedValueOnce(json(200, loginResponse('token-2')));
    await vi.advanceTimersByTimeAsync(14 * MIN);
    expect(session.token).toBe('token-1');
    await vi.advanceTimersByTimeAsync(10_000);
    expect(session.token).toBe('token-2');
  });

  it('a reload takes back this tab session while it is valid, not once it has expired', () => {
    useSessionStore().adopt(loginResponse('token-1', 10 * MIN));
    setActivePinia(createPinia());
    expect(useSessionStore().restore()).toBe(true);
    expect(useSessionStore().token).toBe('token-1');

    vi.setSystemTime(Date.now() + 10 * MIN);
    setActivePinia(createPinia());
    expect(useSessionStore().restore()).toBe(false);
    expect(sessionStorage.getItem(SESSION_STORAGE_KEY)).toBeNull();
  });

  it('ignores unreadable stored sessions', () => {
    sessionStorage.setItem(SESSION_STORAGE_KEY, '{not json');
    expect(useSessionStore().restore()).toBe(false);
    sessionStorage.setItem(SESSION_STORAGE_KEY, JSON.stringify({ token: 3 }));
    expect(useSessionStore().restore()).toBe(false);
  });

  it('authorized() passes the token and ends the session on a 401, not on other errors', async () => {
    const session = useSessionStore();
    session.adopt(loginResponse('token-1'));
    await expect(session.authorized(async (t) => t)).resolves.toBe('token-1');
    await expect(session.authorized(() => Promise.reject(new ApiError(502, 'upstream.unavailable', 'x')))).rejects.toThrow();
    expect(session.authenticated).toBe(true);
    await expect(session.authorized(() => Promise.reject(new ApiError(401, 'auth.unauthorized', 'x')))).rejects.toThrow();
    expect(session.authenticated).toBe(false);
    await expect(session.authorized(async (t) => t)).rejects.toMatchObject({ status: 401 });
  });

  it('logging out stops the refresh timer', async () => {
    const session = useSessionStore();
    session.adopt(loginResponse('token-1'));
    session.logOut();
    await vi.advanceTimersByTimeAsync(30 * MIN);
    expect(fetchMock).not.toHaveBeenCalled();
    expect(session.notice).toBeNull();
  });
});
