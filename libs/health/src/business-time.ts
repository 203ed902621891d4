import { ValidationError } from './domain-error';

/** How far a client's clock may run ahead of ours: a few minutes of drift, not a fact from the future. */
export const MAX_AHEAD_MS = 5 * 60_000;
/**
 * A register, a deposit or an export recorded offline is sent once the site is back online; a month (and
 * the few days of a month-end closing) is as late as a fact may come. Older ones are a backfill, not news
 * for rules.
 */
export const MAX_AGE_MS = 35 * 24 * 3_600_000;

/**
 * When a fact happened (the `occurredAt` of its event): the `at` a client gives, when it is plausible
 * against our clock, else now. Throws 400 `validation.failed` naming `body.at` otherwise. Use cases
 * call it first, as a check, when they take the time later (once a row is locked).
 */
export function businessTime(at: Date | undefined, now: Date): Date {
  if (!at) return now;
  const ahead = at.getTime() - now.getTime();
  if (ahead > MAX_AHEAD_MS || -ahead > MAX_AGE_MS) {
    throw new ValidationError(
      [{ path: 'body.at', message: 'must be at most 5 min after and at most 35 days before the server clock' }],
      'invalid body',
    );
  }
  return at;
}
