import { exponentialBackoff, retry } from './backoff';

describe('exponentialBackoff', () => {
  it('doubles from the base and stops at the cap', () => {
    const b = exponentialBackoff({ baseMs: 100, maxMs: 1000 });
    expect([1, 2, 3, 4, 5, 6].map(b)).toEqual([100, 200, 400, 800, 1000, 1000]);
  });

  it('treats attempts below 1 as the first and survives huge attempt numbers', () => {
    const b = exponentialBackoff({ baseMs: 100, maxMs: 1000 });
    expect(b(0)).toBe(100);
    expect(b(-3)).toBe(100);
    expect(b(10_000)).toBe(1000);
  });

  it('defaults to 500 ms doubling up to one minute', () => {
    const b = exponentialBackoff();
    expect([1, 2, 8, 20].map(b)).toEqual([500, 1000, 60_000, 60_000]);
  });
});

describe('retry', () => {
  const fast = { backoff: () => 1 };

  it('retries retryable errors until it succeeds', async () => {
    let calls = 0;
    const result = await retry(
      async () => {
        if (++calls < 3) throw new Error('timeout');
        return 'ok';
      },
      { ...fast, attempts: 5, retryable: () => true },
    );
    expect(result).toBe('ok');
    expect(calls).toBe(3);
  });

  it('gives up after the last attempt with the last error', async () => {
    let calls = 0;
    const failing = () => Promise.reject(new Error(`fail ${++calls}`));
    await expect(retry(failing, { ...fast, attempts: 3, retryable: () => true })).rejects.toThrow('fail 3');
  });

  it('does not retry an error that is not retryable', async () => {
    let calls = 0;
    const failing = () => Promise.reject(new Error(`fail ${++calls}`));
    await expect(retry(failing, { ...fast, attempts: 3, retryable: () => false })).rejects.toThrow('fail 1');
  });
});
