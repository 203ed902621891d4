import { SlidingLimit } from './sliding-limit';

describe('SlidingLimit', () => {
  it('lets `limit` events through per window, then says how long to wait', () => {
    const s = new SlidingLimit(2, 1000);
    expect(s.delay(0)).toBe(0);
    s.record(0);
    expect(s.delay(10)).toBe(0);
    s.record(10);
    expect(s.delay(20)).toBe(980);
    expect(s.delay(999)).toBe(1);
    expect(s.delay(1000)).toBe(0);
  });
});
