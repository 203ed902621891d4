import { shiftWeek, weeksBetween, type IsoWeek } from './iso-week';

export interface WeeksToGenerate {
  generate: IsoWeek[];
  /** Missing weeks older than the catch-up bound: never generated. */
  skipped: IsoWeek[];
}

/**
 * Which weeks a run generates: none when the due week exists; only the due week on a first run;
 * otherwise every week after the last report up to the due one, at most `maxWeeks` (the latest).
 */
export function weeksToGenerate(lastGenerated: IsoWeek | null, due: IsoWeek, maxWeeks: number): WeeksToGenerate {
  if (lastGenerated === null) return { generate: [due], skipped: [] };
  const missing = weeksBetween(shiftWeek(lastGenerated, 1), due);
  const cut = Math.max(0, missing.length - maxWeeks);
  return { generate: missing.slice(cut), skipped: missing.slice(0, cut) };
}
