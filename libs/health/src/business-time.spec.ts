import { ValidationError } from './domain-error';
import { businessTime, MAX_AGE_MS, MAX_AHEAD_MS } from './business-time';

const now = new Date('2026-11-30T17:00:00.000Z');
const shifted = (ms: number) => new Date(now.getTime() + ms);

describe('businessTime', () => {
  it('is now when the client gives no time', () => {
    expect(businessTime(undefined, now)).toBe(now);
  });

  it('keeps a given time from 35 days before to 5 min after the server clock, both included', () => {
    for (const ms of [-MAX_AGE_MS, -3_600_000, 0, MAX_AHEAD_MS]) {
      expect(businessTime(shifted(ms), now)).toEqual(shifted(ms));
    }
  });

  it.each([
    ['more than 5 min ahead', MAX_AHEAD_MS + 1],
    ['a day ahead', 86_400_000],
    ['more than 35 days old', -MAX_AGE_MS - 1],
  ])('refuses a time %s with 400 validation.failed naming body.at', (_what, ms) => {
    let error: unknown;
    try {
      businessTime(shifted(ms), now);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ status: 400, code: 'validation.failed', message: expect.stringContaining('body.at: ') });
  });
});
