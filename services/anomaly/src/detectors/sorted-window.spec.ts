import { seededRandom as rng } from '@vigie/testing';
import { nearestRank, slide, type SortedWindow } from './sorted-window';

const sortedCopy = (values: readonly number[]) => [...values].sort((a, b) => a - b);

describe('slide: a window kept sorted as it slides', () => {
  it('holds exactly the values a full sort gives, ties and repeated values included, whatever the window size does', () => {
    const r = rng(7);
    let window: number[] = [];
    let kept: SortedWindow | undefined;
    let mismatches = 0;
    for (let i = 0; i < 5_000; i++) {
      // Few distinct values (many ties), and now and then a window size change (several values leave at once).
      const size = i % 1_000 < 500 ? 100 : 1 + Math.floor(r() * 120);
      window = [...window, Math.floor(r() * 8) * 250].slice(-size);
      kept = slide(kept, window);
      const expected = sortedCopy(window);
      if (kept.sorted.length !== expected.length || kept.sorted.some((v, j) => v !== expected[j])) mismatches += 1;
    }
    expect(mismatches).toBe(0);
    expect(kept?.sorted).toEqual(sortedCopy(window));
  });

  it('sorts from scratch when the window is not the previous one slid by one value', () => {
    const first = slide(undefined, [5, 1, 3]);
    expect(first.sorted).toEqual([1, 3, 5]);
    // Another history under the same key (another batch, a replay): nothing of the previous window is trusted.
    expect(slide(first, [9, 2, 3, 4]).sorted).toEqual([2, 3, 4, 9]);
    expect(slide(slide(undefined, [1, 2]), [7]).sorted).toEqual([7]);
    expect(slide(slide(undefined, [1, 2]), []).sorted).toEqual([]);
    const again = slide(undefined, [4, 4, 4]);
    expect(slide(again, [4, 4, 0]).sorted).toEqual([0, 4, 4]);
  });

  it('reads the nearest rank: the smallest value with at least p % of the values at or below it', () => {
    const sorted = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(nearestRank(sorted, 95)).toBe(95);
    expect(nearestRank(sorted, 0)).toBe(1);
    expect(nearestRank([10, 20, 30], 50)).toBe(20);
    expect(nearestRank([10, 20, 30], 100)).toBe(30);
  });
});
