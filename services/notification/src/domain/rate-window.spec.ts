import { RateWindow } from './rate-window';

describe('RateWindow', () => {
  it('books at most `limit` slots in any window', () => {
    const w = new RateWindow(25, 1000);
    const slots = Array.from({ length: 60 }, () => w.reserve(0));
    expect(slots.slice(0, 25).every((s) => s === 0)).toBe(true);
    expect(slots.slice(25, 50).every((s) => s === 1000)).toBe(true);
    expect(slots.slice(50).every((s) => s === 2000)).toBe(true);
    for (const start of slots) expect(slots.filter((s) => s >= start && s < start + 1000).length).toBeLessThanOrEqual(25);
  });

  it('frees slots as time passes', () => {
    const w = new RateWindow(2, 1000);
    expect([w.reserve(0), w.reserve(0), w.reserve(500), w.reserve(1500), w.reserve(1600)]).toEqual([0, 0, 1000, 1500, 2000]);
  });
});
