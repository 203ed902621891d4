import { DepositCategory } from '@vigie/contracts';
import { CLEAR, VAGUE, VAGUE_SHARE, type CatalogEntry } from './catalog';
import { dayAt, type SimDay } from './calendar';
import type { Alternative, ModelReply, PlannedDeposit } from './day-plan';
import { chance, evenly, int, pick, rngFor, type Rng } from './rng';
import type { Site } from './shop';

const CATEGORIES = DepositCategory.options;
const round2 = (x: number) => Math.round(x * 100) / 100;
const between = (rng: Rng, min: number, max: number) => round2(min + rng() * (max - min));

function otherCategories(rng: Rng, not: readonly string[], count: number): (typeof CATEGORIES)[number][] {
  const pool = CATEGORIES.filter((c) => !not.includes(c));
  const out: (typeof CATEGORIES)[number][] = [];
  while (out.length < count) {
    const c = pick(rng, pool);
    if (!out.includes(c)) out.push(c);
  }
  return out;
}

/** Share of clear descriptions a healthy model still gets wrong (unsure, so a volunteer corrects it). */
export const CLEAR_WRONG_SHARE = 0.05;

/**
 * What a healthy model answers: sure and right on a clear description (unsure and wrong when
 * `wrong`), unsure on a vague one (wrong one time in four), with alternatives when unsure, in 60–380 ms.
 */
export function healthyReply(rng: Rng, entry: CatalogEntry, vague: boolean, clearWrong: boolean): ModelReply {
  const latencyMs = int(rng, 60, 380);
  const wrong = vague ? chance(rng, 0.25) : clearWrong;
  const category = wrong ? otherCategories(rng, [entry.category], 1)[0] : entry.category;
  const sure = !vague && !wrong;
  const confidence = sure ? between(rng, 0.78, 0.97) : between(rng, 0.4, 0.69);
  const alternatives: Alternative[] = sure
    ? []
    : [wrong ? entry.category : otherCategories(rng, [category], 1)[0], otherCategories(rng, [category, entry.category], 1)[0]].map(
        (c, i) => ({ category: c, confidence: round2(Math.max(0.01, (1 - confidence) / (i + 2))) }),
      );
  return { kind: 'answer', category, confidence, alternatives, latencyMs };
}

/** Objects brought to one site on an open day: 14–26, between 9:30 and 17:30, each reviewed by a volunteer a few minutes later. */
export function planDeposits(seed: number, site: Site, day: SimDay): PlannedDeposit[] {
  const rng = rngFor(seed, 'deposits', day.date, site.siteId);
  const count = int(rng, 14, 26);
  const vagueAt = evenly(VAGUE_SHARE, rng());
  const wrongAt = evenly(CLEAR_WRONG_SHARE, rng());
  const [from, to] = [dayAt(day, 9, 30), dayAt(day, 17, 30)];
  const times = Array.from({ length: count }, () => Math.round(from + rng() * (to - from))).sort((a, b) => a - b);
  return times.map((at, n) => {
    const vague = vagueAt(n);
    const entry = pick(rng, vague ? VAGUE : CLEAR);
    return {
      at,
      siteId: site.siteId,
      depositId: `dep-${site.siteId}-${day.date.replace(/-/g, '')}-${String(n + 1).padStart(3, '0')}`,
      description: entry.description,
      category: entry.category,
      model: healthyReply(rng, entry, vague, !vague && wrongAt(n)),
      reviewAt: at + int(rng, 2, 20) * 60_000,
    };
  });
}
