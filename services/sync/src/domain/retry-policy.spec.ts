import { RetryPolicy } from './retry-policy';

describe('RetryPolicy', () => {
  it('doubles the delay after each failed attempt, from the base', () => {
    const policy = new RetryPolicy({ maxAttempts: 5, baseDelayMs: 1000, maxDelayMs: 60_000 });
    expect([1, 2, 3, 4].map((a) => policy.delayAfter(a))).toEqual([1000, 2000, 4000, 8000]);
  });

  it('never waits longer than the cap, however many attempts', () => {
    const policy = new RetryPolicy({ maxAttempts: 100, baseDelayMs: 500, maxDelayMs: 5000 });
    expect([4, 5, 6, 50, 99].map((a) => policy.delayAfter(a))).toEqual([4000, 5000, 5000, 5000, 5000]);
  });

  it('ends the run at the last attempt', () => {
    const policy = new RetryPolicy({ maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 100 });
    expect([1, 2, 3, 4].map((a) => policy.isLast(a))).toEqual([false, false, true, true]);
    expect(new RetryPolicy({ maxAttempts: 1, baseDelayMs: 0, maxDelayMs: 0 }).isLast(1)).toBe(true);
  });

  it('accepts a zero base (retry at once) and refuses incoherent settings', () => {
    expect(new RetryPolicy({ maxAttempts: 2, baseDelayMs: 0, maxDelayMs: 0 }).delayAfter(1)).toBe(0);
    expect(() => new RetryPolicy({ maxAttempts: 0, baseDelayMs: 10, maxDelayMs: 100 })).toThrow('maxAttempts');
    expect(() => new RetryPolicy({ maxAttempts: 2, baseDelayMs: 100, maxDelayMs: 10 })).toThrow('delays');
  });
});
