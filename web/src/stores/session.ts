import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { AccountSummary, LoginResponse } from '@vigie/contracts';
import { ApiError, login as requestLogin, logout as requestLogout, refresh as requestRefresh } from '../api';
import type { MessageKey } from '../i18n';

export const SESSION_STORAGE_KEY = 'vigie.session';
/** The message key of the login page's notice after an expired session. */
export const EXPIRED_NOTICE: MessageKey = 'login.expired';
const REFRESH_RETRY_MS = 10_000;

/** How long before expiry the token is renewed: a minute, or half its remaining life if shorter. */
export function refreshDelayMs(expiresAtMs: number, nowMs: number): number {
  const left = expiresAtMs - nowMs;
  return Math.max(1000, left - Math.min(60_000, left / 2));
}

interface Stored {
  token: string;
  expiresAt: string;
  account: AccountSummary;
}

/** Storage can be refused (private browsing, quota): the session then lives in memory only. */
function store(write: (storage: Storage) => void): void {
  try {
    write(sessionStorage);
  } catch {
    // kept in memory only
  }
}

function readStored(): Stored | undefined {
  try {
    const value = JSON.parse(sessionStorage.getItem(SESSION_STORAGE_KEY) ?? 'null') as Partial<Stored> | null;
    if (typeof value?.token === 'string' && typeof value.expiresAt === 'string' && value.account) return value as Stored;
  } catch {
    // unreadable: start logged out
  }
  return undefined;
}

/**
 * The admin's session: the access token in memory and in this tab's sessionStorage (a reload keeps
 * it, another tab logs in on its own), renewed before it expires; a 401 anywhere ends it.
 */
export const useSessionStore = defineStore('session', () => {
  const token = ref<string | null>(null);
  const expiresAtMs = ref(0);
  const account = ref<AccountSummary | null>(null);
  /** Shown on the login page (a message key): why the admin is there again. */
  const notice = ref<MessageKey | null>(null);
  /** Where the gateway is ('' = this page's origin). */
  const origin = ref('');
  let timer: ReturnType<typeof setTimeout> | undefined;

  const authenticated = computed(() => token.value !== null);

  function adopt(session: LoginResponse): void {
    token.value = session.token;
    expiresAtMs.value = Date.parse(session.expiresAt);
    account.value = session.account;
    notice.value = null;
    store((s) => s.setItem(SESSION_STORAGE_KEY, JSON.stringify(session satisfies Stored)));
    schedule(refreshDelayMs(expiresAtMs.value, Date.now()));
  }

  async function logIn(login: string, password: string): Promise<void> {
    adopt(await requestLogin(origin.value, { login, password }));
  }

  /** Takes back a session of this tab that has not expired; true when there was one. */
  function restore(): boolean {
    const stored = readStored();
    if (!stored || Date.parse(stored.expiresAt) - Date.now() < 5000) {
      store((s) => s.removeItem(SESSION_STORAGE_KEY));
      return false;
    }
    adopt(stored);
    return true;
  }

  function logOut(message: MessageKey | null = null): void {
    clearTimeout(timer);
    timer = undefined;
    token.value = null;
    expiresAtMs.value = 0;
    account.value = null;
    notice.value = message;
    store((s) => s.removeItem(SESSION_STORAGE_KEY));
  }

  /**
   * The logout button: back to the login page at once, and the gateway told to refuse the token from now
   * on (if it cannot be reached, the token still expires on its own).
   */
  async function signOut(): Promise<void> {
    const current = token.value;
    logOut();
    if (current === null) return;
    try {
      await requestLogout(origin.value, current);
    } catch {
      // already refused, or the gateway is away: nothing more to do here
    }
  }

  /** The gateway refused the token: back to the login page, saying why. */
  function expire(): void {
    if (token.value !== null) logOut(EXPIRED_NOTICE);
  }

  async function refreshNow(): Promise<void> {
    const current = token.value;
    if (current === null) return;
    try {
      const renewed = await requestRefresh(origin.value, current);
      if (token.value === current) adopt(renewed);
    } catch (e) {
      if (token.value !== current) return;
      if (e instanceof ApiError && e.status === 401) expire();
      else if (expiresAtMs.value - Date.now() > REFRESH_RETRY_MS) schedule(REFRESH_RETRY_MS);
    }
  }

  /** Runs a call with the token; a 401 answer ends the session. */
  async function authorized<T>(call: (token: string) => Promise<T>): Promise<T> {
    const current = token.value;
    if (current === null) throw new ApiError(401, 'auth.unauthorized', 'not logged in');
    try {
      return await call(current);
    } catch (e) {
      if (e instanceof ApiError && e.status === 401 && token.value === current) expire();
      throw e;
    }
  }

  function schedule(delayMs: number): void {
    clearTimeout(timer);
    timer = setTimeout(() => void refreshNow(), delayMs);
  }

  return { token, expiresAtMs, account, notice, origin, authenticated, adopt, logIn, restore, logOut, signOut, expire, refreshNow, authorized };
});

export type SessionStore = ReturnType<typeof useSessionStore>;
