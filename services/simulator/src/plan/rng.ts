export type Rng = () => number;

/** mulberry32: a small seeded generator, so a simulation can be replayed exactly. */
export function seededRng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * An independent stream per (seed, purpose...): the sales of one register on one day never depend on
 * what another register or a scenario drew, so turning a scenario on leaves the rest of the week as it was.
 */
export function rngFor(seed: number, ...parts: (string | number)[]): Rng {
  // FNV-1a over the parts, mixed with the seed.
  let h = 0x811c9dc5 ^ (seed >>> 0);
  for (const ch of parts.join('\u001f')) {
    h ^= ch.charCodeAt(0);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return seededRng(h);
}

/** An integer in [min, max], both included. */
export function int(rng: Rng, min: number, max: number): number {
  return min + Math.floor(rng() * (max - min + 1));
}

export function chance(rng: Rng, p: number): boolean {
  return rng() < p;
}

export function pick<T>(rng: Rng, items: readonly T[]): T {
  return items[Math.floor(rng() * items.length)];
}

/** One of the items, each with its weight (weights need not sum to 1). */
export function weighted<T>(rng: Rng, items: readonly (readonly [T, number])[]): T {
  const total = items.reduce((sum, [, w]) => sum + w, 0);
  let r = rng() * total;
  for (const [item, w] of items) {
    if ((r -= w) < 0) return item;
  }
  return items[items.length - 1][0];
}

/**
 * A series where the n-th item gets its turn when `share` × n passes an integer (shifted by `phase`
 * in [0, 1)): evenly spread, so any run of consecutive items holds about its share. For incidents
 * judged over windows (the AI rules judge 20 to 100 classifications), where chance clusters would
 * make a plain week cross a rule now and then.
 */
export function evenly(share: number, phase: number): (n: number) => boolean {
  return (n) => Math.floor((n + 1 + phase) * share) > Math.floor((n + phase) * share);
}
