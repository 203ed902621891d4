import { Pacer } from './pacer';

describe('Pacer', () => {
  it('spaces slots evenly however many ask at once', () => {
    const p = new Pacer(44);
    expect([p.reserve(0), p.reserve(0), p.reserve(0), p.reserve(10)]).toEqual([0, 44, 88, 132]);
  });

  it('gives the current time once the last slot is past', () => {
    const p = new Pacer(44);
    p.reserve(0);
    expect(p.reserve(1000)).toBe(1000);
    expect(p.reserve(1001)).toBe(1044);
  });

  it('keeps any one-second window at or under the budget: 25/s paced with 10 % to spare', () => {
    const p = new Pacer((1000 / 25) * 1.1);
    const slots = Array.from({ length: 100 }, () => p.reserve(0));
    for (const t of slots) expect(slots.filter((s) => s >= t && s < t + 1000).length).toBeLessThanOrEqual(23);
  });
});
