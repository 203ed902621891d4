import { SimClock } from './sim-clock';

const H = 3_600_000;

describe('SimClock', () => {
  const fakeReal = (startMs: number) => {
    let now = startMs;
    return { now: () => now, advance: (ms: number) => (now += ms) };
  };

  it('runs `speed` times faster than the real clock from a start in the past', () => {
    const real = fakeReal(1_000 * H);
    const clock = new SimClock(1_000 * H - 7 * 24 * H, 1440, real.now);
    expect(clock.now()).toBe(1_000 * H - 7 * 24 * H);
    real.advance(60_000);
    expect(clock.now()).toBe(1_000 * H - 6 * 24 * H);
  });

  it('never runs ahead of the real clock: once caught up, it is real time', () => {
    const real = fakeReal(100 * H);
    const clock = new SimClock(100 * H - 24 * H, 1440, real.now);
    real.advance(61_000);
    expect(clock.now()).toBe(100 * H + 61_000);
    real.advance(5_000);
    expect(clock.now()).toBe(100 * H + 66_000);
  });

  it('says how long to wait in real ms for a simulated instant, compressed then real time', () => {
    const real = fakeReal(100 * H);
    const clock = new SimClock(100 * H - 24 * H, 1440, real.now);
    expect(clock.realDelayUntil(100 * H - 24 * H)).toBe(0);
    expect(clock.realDelayUntil(100 * H - 12 * H)).toBe(30_000);
    // after the catch-up (≈ 60.04 s real), an instant 2 min from now is 2 min away
    expect(clock.realDelayUntil(100 * H + 120_000)).toBe(120_000);
    real.advance(30_000);
    expect(clock.realDelayUntil(100 * H - 12 * H)).toBe(0);
  });

  it('is the real clock at speed 1 from now', () => {
    const real = fakeReal(5 * H);
    const clock = new SimClock(5 * H, 1, real.now);
    real.advance(1234);
    expect(clock.now()).toBe(5 * H + 1234);
    expect(clock.realDelayUntil(5 * H + 2000)).toBe(766);
  });

  it('refuses a speed below 1', () => {
    expect(() => new SimClock(0, 0.5)).toThrow('speed must be at least 1');
  });
});
