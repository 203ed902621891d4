/**
 * The values of a sliding window kept in ascending order, so a percentile is read without sorting the
 * window on every event: the value leaving is removed and the one entering inserted by binary search.
 * `window` is the values in arrival order; `sorted` the same values ascending (as `(a, b) => a - b` sorts
 * them: only the values matter for a percentile, not which of two equal samples comes first).
 */
export interface SortedWindow {
  readonly window: readonly number[];
  readonly sorted: readonly number[];
}

/** The first index whose value is not below `value`. */
function lowerBound(sorted: readonly number[], value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The first index whose value is above `value`. */
function upperBound(sorted: readonly number[], value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function sortedOf(values: readonly number[]): number[] {
  return [...values].sort((a, b) => a - b);
}

/**
 * `previous` slid to `next` (arrival order). When `next` is `previous.window` with some values dropped
 * from its start and one appended (checked value by value, with `Object.is`), `previous.sorted` is
 * updated in place and reused; otherwise `next` is sorted from scratch. Either way the result's `sorted`
 * holds exactly the values of `next`, ascending. Values must be numbers comparable with `<` (no NaN).
 */
export function slide(previous: SortedWindow | undefined, next: readonly number[]): SortedWindow {
  if (!previous || next.length === 0 || !isSlidOnce(previous.window, next)) return { window: next, sorted: sortedOf(next) };
  const sorted = previous.sorted as number[];
  const dropped = previous.window.length + 1 - next.length;
  for (let i = 0; i < dropped; i++) sorted.splice(lowerBound(sorted, previous.window[i]), 1);
  const entering = next[next.length - 1];
  sorted.splice(upperBound(sorted, entering), 0, entering);
  return { window: next, sorted };
}

/** Whether `next` is `window` minus 0 or more values at its start plus one value appended. */
function isSlidOnce(window: readonly number[], next: readonly number[]): boolean {
  const dropped = window.length + 1 - next.length;
  if (dropped < 0 || dropped > window.length) return false;
  for (let i = dropped; i < window.length; i++) if (!Object.is(window[i], next[i - dropped])) return false;
  return true;
}

/** Nearest-rank percentile of ascending values: the smallest with at least p % of the values at or below it. */
export function nearestRank(sorted: readonly number[], p: number): number {
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1];
}
