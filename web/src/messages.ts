import { ApiError } from './api';
import { t, tn, tOr } from './i18n';

/** What the login page says about a failed login. */
export function loginErrorMessage(error: unknown): string {
  if (!(error instanceof ApiError)) return t('login.unavailable');
  if (error.status === 401 || error.status === 400) return t('login.refused');
  if (error.status === 429) return tn('login.tooMany', Math.max(1, Math.ceil((error.retryAfter ?? 60) / 60)));
  return t('login.unavailable');
}

const ACTION_ERRORS = {
  'anomaly.already-resolved': 'action.error.already-resolved',
  'anomaly.not-found': 'action.error.not-found',
  'auth.forbidden': 'error.forbidden',
  'upstream.unavailable': 'action.error.upstream',
} as const;

/** What an anomaly says when acknowledging, silencing or resolving it failed. */
export function actionErrorMessage(error: unknown): string {
  if (error instanceof ApiError) {
    const known = ACTION_ERRORS[error.code as keyof typeof ACTION_ERRORS];
    if (known) return t(known);
    if (error.status === 0) return t('action.error.network');
  }
  return t('action.error.generic');
}

/** The upstream service a 502 `upstream.unavailable` names (`the reporting service is unavailable`). */
export function unavailableService(error: unknown): string | undefined {
  if (!(error instanceof ApiError) || error.code !== 'upstream.unavailable') return undefined;
  return /^the (\w+) service/.exec(error.message)?.[1];
}

/** Why a page could not load its data, for the « Service indisponible » box. */
export function loadErrorMessage(error: unknown): string {
  if (error instanceof ApiError) {
    const service = unavailableService(error);
    if (service) return tOr(`upstream.${service}`, t('error.generic'));
    if (error.status === 0) return t('error.unavailable.network');
    if (error.status === 403) return t('error.forbidden');
  }
  return t('error.generic');
}

const ACCOUNT_ERRORS = {
  'account.last-super-admin': 'accounts.error.last-super-admin',
  'account.login-taken': 'accounts.error.login-taken',
  'account.wrong-password': 'accounts.error.wrong-password',
  'auth.rate-limited': 'accounts.error.rate-limited',
  'auth.forbidden': 'error.forbidden',
} as const;

/** What the accounts page says when a change was refused (400s name the bad fields). */
export function accountErrorMessage(error: unknown): string {
  if (error instanceof ApiError) {
    const known = ACCOUNT_ERRORS[error.code as keyof typeof ACCOUNT_ERRORS];
    if (known) return t(known);
    if (error.status === 400) return t('accounts.error.server', { message: error.message });
  }
  return loadErrorMessage(error);
}
