import type { DepositCategory } from '@vigie/contracts';
import type { KeywordTable, Strength } from './keywords';
import { terms } from './text';

export const WEIGHTS: Record<Strength, number> = { strong: 1, medium: 0.5, weak: 0.25 };

export interface Hint {
  category: DepositCategory;
  weight: number;
}

export interface KeywordIndex {
  /** Phrase (its terms joined by spaces) → the categories it hints at. */
  readonly phrases: ReadonlyMap<string, readonly Hint[]>;
  /** Terms in the longest phrase: how far ahead matching looks. */
  readonly longest: number;
}

/** Indexes a keyword table; throws on a keyword that reduces to nothing or one listed twice in a category. */
export function buildIndex(table: KeywordTable): KeywordIndex {
  const phrases = new Map<string, Hint[]>();
  let longest = 1;
  for (const [category, byStrength] of Object.entries(table) as [DepositCategory, KeywordTable[DepositCategory]][]) {
    for (const [strength, keywords] of Object.entries(byStrength) as [Strength, readonly string[]][]) {
      for (const keyword of keywords) {
        const phraseTerms = terms(keyword);
        if (phraseTerms.length === 0) throw new Error(`keyword "${keyword}" (${category}) has no meaningful word`);
        const phrase = phraseTerms.join(' ');
        const hints = phrases.get(phrase) ?? [];
        if (hints.some((h) => h.category === category)) {
          throw new Error(`keyword "${keyword}" is listed twice for ${category} (as "${phrase}")`);
        }
        hints.push({ category, weight: WEIGHTS[strength] });
        phrases.set(phrase, hints);
        longest = Math.max(longest, phraseTerms.length);
      }
    }
  }
  return { phrases, longest };
}

export interface Match {
  phrase: string;
  hints: readonly Hint[];
}

/**
 * The distinct phrases found in `text`, scanning left to right and taking the longest phrase at
 * each position, so « four micro-ondes » is one match and not also « four ».
 */
export function findPhrases(index: KeywordIndex, text: string): Match[] {
  const t = terms(text);
  const found = new Map<string, Match>();
  let i = 0;
  while (i < t.length) {
    let taken = 1;
    for (let n = Math.min(index.longest, t.length - i); n >= 1; n--) {
      const phrase = t.slice(i, i + n).join(' ');
      const hints = index.phrases.get(phrase);
      if (hints) {
        found.set(phrase, { phrase, hints });
        taken = n;
        break;
      }
    }
    i += taken;
  }
  return [...found.values()];
}
