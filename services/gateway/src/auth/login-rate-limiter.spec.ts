import { LoginRateLimiter } from './login-rate-limiter';

const T0 = Date.parse('2026-11-30T08:00:00Z');
const MIN = 60_000;

describe('LoginRateLimiter', () => {
  it('allows 4 failures, blocks after the 5th until the oldest leaves the 15-minute window', () => {
    const limiter = new LoginRateLimiter();
    const keys = ['login:p-1', 'ip:10.0.0.1'];
    for (let i = 0; i < 4; i++) {
      expect(limiter.retryAfterSeconds(keys, T0 + i * MIN)).toBe(0);
      limiter.fail(keys, T0 + i * MIN);
    }
    expect(limiter.retryAfterSeconds(keys, T0 + 4 * MIN)).toBe(0);
    limiter.fail(keys, T0 + 4 * MIN);

    expect(limiter.retryAfterSeconds(keys, T0 + 5 * MIN)).toBe(10 * 60);
    expect(limiter.retryAfterSeconds(keys, T0 + 15 * MIN - 1)).toBe(1);
    expect(limiter.retryAfterSeconds(keys, T0 + 15 * MIN)).toBe(0);
  });

  it('blocks per login name across IPs, and per IP across names', () => {
    const limiter = new LoginRateLimiter();
    for (let i = 0; i < 5; i++) limiter.fail(['login:p-target', `ip:10.0.0.${i}`], T0);
    expect(limiter.retryAfterSeconds(['login:p-target', 'ip:10.9.9.9'], T0)).toBeGreaterThan(0);
    expect(limiter.retryAfterSeconds(['login:p-other', 'ip:10.0.0.1'], T0)).toBe(0);

    for (let i = 0; i < 5; i++) limiter.fail([`login:p-${i}`, 'ip:10.1.1.1'], T0);
    expect(limiter.retryAfterSeconds(['login:p-fresh', 'ip:10.1.1.1'], T0)).toBe(15 * 60);
  });

  it('a success clears the name, not the IP', () => {
    const limiter = new LoginRateLimiter();
    for (let i = 0; i < 5; i++) limiter.fail(['login:p-1', 'ip:10.0.0.1'], T0);
    limiter.clear('login:p-1');
    expect(limiter.retryAfterSeconds(['login:p-1'], T0)).toBe(0);
    expect(limiter.retryAfterSeconds(['ip:10.0.0.1'], T0)).toBe(900);
  });

  it('keeps memory bounded: expired keys go first, then the least recent', () => {
    const limiter = new LoginRateLimiter(5, 15 * MIN, 3);
    limiter.fail(['old'], T0);
    limiter.fail(['a'], T0 + 20 * MIN);
    limiter.fail(['b'], T0 + 20 * MIN);
    limiter.fail(['c'], T0 + 20 * MIN);
    expect(limiter.size).toBe(3);
    limiter.fail(['d'], T0 + 21 * MIN);
    expect(limiter.size).toBe(3);
    for (let i = 0; i < 5; i++) limiter.fail(['d'], T0 + 21 * MIN);
    expect(limiter.retryAfterSeconds(['d'], T0 + 21 * MIN)).toBe(900);
  });
});
