import { DepositCategory } from '@vigie/contracts';
import type { Alternative, ClassificationProvider, ClassifyInput, ProviderAnswer, ProviderDefinition } from '../provider';
import { buildIndex, findPhrases, type KeywordIndex } from './keyword-index';
import { KEYWORDS } from './keywords';

export const LOCAL_RULES_MODEL = 'local-rules-v1';
/** Below this the bot offers alternatives and a volunteer validates (shared/DOMAIN.md). */
export const CONFIDENT = 0.7;
/** Keywords never make the rules certain: an object can be named and still be something else. */
export const MAX_CONFIDENCE = 0.95;
export const NOTHING_MATCHED_CONFIDENCE = 0.2;
const MAX_ALTERNATIVES = 3;
/** The most frequent deposits (small appliances, IT, toys): offered when the rules have little to say. */
const COMMON_CATEGORIES: readonly DepositCategory[] = ['small_appliance', 'it_equipment', 'toys'];
const ORDER: readonly DepositCategory[] = DepositCategory.options;

const INDEX = buildIndex(KEYWORDS);

export type RulesAnswer = Omit<ProviderAnswer, 'model'>;

/**
 * Classifies a description by the keywords it contains. Deterministic. A category's confidence
 * grows with the weight of its keywords (1 − e^(−2·score): one strong keyword ≈ 0.86, one medium
 * ≈ 0.63) and shrinks with the share other categories take (× √(score / all scores)).
 */
export function classifyByRules(description: string, index: KeywordIndex = INDEX): RulesAnswer {
  const scores = new Map<DepositCategory, number>();
  for (const match of findPhrases(index, description)) {
    for (const hint of match.hints) scores.set(hint.category, (scores.get(hint.category) ?? 0) + hint.weight);
  }
  if (scores.size === 0) {
    return { category: 'other', confidence: NOTHING_MATCHED_CONFIDENCE, alternatives: withFillers([], 'other', MAX_ALTERNATIVES) };
  }
  const total = [...scores.values()].reduce((a, b) => a + b, 0);
  const confidenceOf = (score: number) =>
    round2(Math.min(MAX_CONFIDENCE, 1 - Math.exp(-2 * score)) * Math.sqrt(score / total));
  const ranked = [...scores].sort(([ca, a], [cb, b]) => b - a || ORDER.indexOf(ca) - ORDER.indexOf(cb));
  const [[category, best], ...others] = ranked;
  const confidence = confidenceOf(best);
  if (confidence >= CONFIDENT) return { category, confidence, alternatives: [] };
  const alternatives = others
    .slice(0, MAX_ALTERNATIVES)
    .map(([c, score]) => ({ category: c, confidence: Math.max(0.01, confidenceOf(score)) }));
  return { category, confidence, alternatives: withFillers(alternatives, category, 2) };
}

/** Tops the alternatives up to `atLeast` with `other` (the "none of these" choice), then common categories. */
function withFillers(alternatives: Alternative[], answer: DepositCategory, atLeast: number): Alternative[] {
  const fillers: Alternative[] = [
    { category: 'other', confidence: 0.1 },
    ...COMMON_CATEGORIES.map((category) => ({ category, confidence: 0.05 })),
  ];
  const out = [...alternatives];
  for (const filler of fillers) {
    if (out.length >= atLeast) break;
    if (filler.category !== answer && !out.some((a) => a.category === filler.category)) out.push(filler);
  }
  return out.sort((a, b) => b.confidence - a.confidence).slice(0, MAX_ALTERNATIVES);
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

/** The rules, as a provider: the default one, and the fallback of any other. */
export class LocalRulesProvider implements ClassificationProvider {
  readonly model = LOCAL_RULES_MODEL;

  async classify(input: ClassifyInput): Promise<ProviderAnswer> {
    return { ...classifyByRules(input.description), model: this.model };
  }
}

export const localRulesProvider: ProviderDefinition = {
  id: 'local',
  create: () => new LocalRulesProvider(),
};
