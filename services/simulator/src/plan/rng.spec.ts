import { chance, evenly, int, pick, rngFor, seededRng, weighted } from './rng';

describe('seeded randomness', () => {
  it('replays the same numbers from the same seed', () => {
    const a = seededRng(7);
    const b = seededRng(7);
    expect(Array.from({ length: 5 }, a)).toEqual(Array.from({ length: 5 }, b));
    expect(seededRng(7)()).not.toBe(seededRng(8)());
  });

  it('gives each purpose its own stream, independent of the others', () => {
    expect(rngFor(1, 'cash', '2026-11-30', 'r1')()).toBe(rngFor(1, 'cash', '2026-11-30', 'r1')());
    expect(rngFor(1, 'cash', '2026-11-30', 'r1')()).not.toBe(rngFor(1, 'cash', '2026-11-30', 'r2')());
    expect(rngFor(1, 'cash', 'ab', 'c')()).not.toBe(rngFor(1, 'cash', 'a', 'bc')());
    expect(rngFor(1, 'x')()).not.toBe(rngFor(2, 'x')());
  });

  it('draws integers in range, picks, chances and weights', () => {
    const rng = seededRng(3);
    const ints = Array.from({ length: 2000 }, () => int(rng, 2, 5));
    expect(new Set(ints)).toEqual(new Set([2, 3, 4, 5]));
    expect(pick(rng, ['only'])).toBe('only');
    const heads = Array.from({ length: 2000 }, () => chance(rng, 0.25)).filter(Boolean).length;
    expect(heads).toBeGreaterThan(400);
    expect(heads).toBeLessThan(600);
    const picks = Array.from({ length: 2000 }, () => weighted(rng, [['a', 3], ['b', 1]] as const));
    expect(picks.filter((p) => p === 'a').length).toBeGreaterThan(1350);
  });

  it('spreads a share evenly: every run of 20 holds its share, give or take one', () => {
    for (const phase of [0, 0.3, 0.99]) {
      const turns = Array.from({ length: 500 }, (_, n) => evenly(0.12, phase)(n));
      for (let i = 0; i + 20 <= turns.length; i++) {
        const inRun = turns.slice(i, i + 20).filter(Boolean).length;
        expect(inRun).toBeGreaterThanOrEqual(2);
        expect(inRun).toBeLessThanOrEqual(3);
      }
    }
  });
});
