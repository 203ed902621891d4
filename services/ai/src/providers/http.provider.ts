import { ConfigError } from '@vigie/config';
import { DepositCategory } from '@vigie/contracts';
import { z } from 'zod';
import { SERVICE } from '../config';
import { LOCAL_RULES_MODEL } from './local-rules/local-rules.provider';
import {
  ProviderError,
  type Alternative,
  type ClassificationProvider,
  type ClassifyInput,
  type ProviderAnswer,
  type ProviderDefinition,
} from './provider';

const Confidence = z.number().min(0).max(1);

/** What a classification service must answer. Extra fields (explanations, usage) are ignored. */
export const HttpProviderAnswer = z.object({
  category: DepositCategory,
  confidence: Confidence,
  alternatives: z.array(z.object({ category: DepositCategory, confidence: Confidence })).max(20).optional(),
});

export interface HttpProviderOptions {
  url: string;
  token?: string;
  model: string;
}

const MAX_ALTERNATIVES = 3;

/**
 * POSTs `{ model, description, photo? }` as JSON to a classification service and expects
 * `{ category, confidence, alternatives? }` back.
 */
export class HttpProvider implements ClassificationProvider {
  readonly model: string;

  constructor(private readonly options: HttpProviderOptions) {
    this.model = options.model;
  }

  async classify(input: ClassifyInput, signal?: AbortSignal): Promise<ProviderAnswer> {
    let res: Response;
    try {
      res = await fetch(this.options.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/json',
          ...(this.options.token ? { authorization: `Bearer ${this.options.token}` } : {}),
        },
        body: JSON.stringify({ model: this.model, description: input.description, ...(input.photo ? { photo: input.photo } : {}) }),
        // A classification endpoint has no reason to redirect, and a redirect must not carry the token elsewhere.
        redirect: 'error',
        signal,
      });
    } catch (e) {
      const cause = (e as { cause?: { code?: string } }).cause?.code;
      throw new ProviderError(`provider unreachable (${cause ?? (e as Error).name})`);
    }
    if (!res.ok) {
      await res.body?.cancel().catch(() => undefined);
      throw new ProviderError(`provider answered HTTP ${res.status}`);
    }
    let body: unknown;
    try {
      body = await res.json();
    } catch {
      throw new ProviderError('provider answer is not valid JSON');
    }
    const parsed = HttpProviderAnswer.safeParse(body);
    if (!parsed.success) {
      const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
      throw new ProviderError(`provider answer is invalid: ${issues}`.slice(0, 500));
    }
    const { category, confidence, alternatives = [] } = parsed.data;
    return { category, confidence, alternatives: tidy(alternatives, category), model: this.model };
  }
}

/** Distinct categories other than the answer, most likely first, at most three (what the bot shows). */
function tidy(alternatives: Alternative[], answer: DepositCategory): Alternative[] {
  const best = new Map<DepositCategory, number>();
  for (const a of alternatives) {
    if (a.category !== answer) best.set(a.category, Math.max(a.confidence, best.get(a.category) ?? 0));
  }
  return [...best]
    .map(([category, confidence]) => ({ category, confidence }))
    .sort((a, b) => b.confidence - a.confidence)
    .slice(0, MAX_ALTERNATIVES);
}

export const httpProvider: ProviderDefinition = {
  id: 'http',
  create(config) {
    const problems: { key: string; message: string }[] = [];
    if (!config.AI_PROVIDER_URL) problems.push({ key: 'AI_PROVIDER_URL', message: 'is required when AI_PROVIDER=http' });
    if (!config.AI_PROVIDER_MODEL) problems.push({ key: 'AI_PROVIDER_MODEL', message: 'is required when AI_PROVIDER=http' });
    // Failures of the provider and answers of its fallback would otherwise count against one model.
    if (config.AI_PROVIDER_MODEL === LOCAL_RULES_MODEL) {
      problems.push({ key: 'AI_PROVIDER_MODEL', message: `must differ from the fallback's model ${LOCAL_RULES_MODEL}` });
    }
    if (problems.length > 0) throw new ConfigError(SERVICE, problems);
    return new HttpProvider({
      url: config.AI_PROVIDER_URL as string,
      model: config.AI_PROVIDER_MODEL as string,
      ...(config.AI_PROVIDER_TOKEN ? { token: config.AI_PROVIDER_TOKEN } : {}),
    });
  },
};
