import { GrammyError, HttpError } from 'grammy';

export type SendFailure =
  | { kind: 'rate-limited'; code: string; message: string; retryAfterMs: number }
  | { kind: 'transient'; code: string; message: string }
  | { kind: 'permanent'; code: string; message: string };

/**
 * How a failed Telegram call is handled. 400 (chat not found, bad markup) and 403 (bot blocked or
 * kicked) will fail the same way next time; 401/404 mean our token or API root is wrong, which an
 * operator fixes, so those are retried like 5xx and network errors. Returns undefined for errors
 * that do not come from the call (bugs), which the caller rethrows.
 */
export function classifySendFailure(error: unknown): SendFailure | undefined {
  if (error instanceof GrammyError) {
    const code = `telegram.${error.error_code}`;
    const message = error.description;
    if (error.error_code === 429) {
      // https://core.telegram.org/bots/api#responseparameters — wait exactly this long before any new request.
      const retryAfterSec = error.parameters.retry_after ?? 1;
      return { kind: 'rate-limited', code, message, retryAfterMs: retryAfterSec * 1000 };
    }
    if (error.error_code === 400 || error.error_code === 403) return { kind: 'permanent', code, message };
    return { kind: 'transient', code, message };
  }
  if (error instanceof HttpError) return { kind: 'transient', code: 'telegram.network', message: error.message };
  return undefined;
}
