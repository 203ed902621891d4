import type { DepositCategory } from '@vigie/contracts';
import type { AiConfig } from '../config';

/** What is known of a deposit's photo: its metadata, never its pixels. */
export interface PhotoMeta {
  width: number;
  height: number;
  mimeType: string;
  sizeBytes: number;
}

/** `description` is free text typed (or dictated) by a volunteer: it may hold personal data, never log it. */
export interface ClassifyInput {
  description: string;
  photo?: PhotoMeta;
}

export interface Alternative {
  category: DepositCategory;
  confidence: number;
}

export interface ProviderAnswer {
  category: DepositCategory;
  /** 0..1 */
  confidence: number;
  /** Other likely categories, most likely first, never the answer's own; empty when confident. */
  alternatives: Alternative[];
  /** The model that answered: the key of its AI events. */
  model: string;
}

/** A classifier of deposits. Throws on any failure; the caller falls back to the local rules. */
export interface ClassificationProvider {
  /** The model named in the events of this provider's answers and failures (a subject token). */
  readonly model: string;
  /** `signal` aborts the call when the caller stopped waiting (timeout). */
  classify(input: ClassifyInput, signal?: AbortSignal): Promise<ProviderAnswer>;
}

/** One provider kind, selected by `AI_PROVIDER=<id>`. Adding one = one file + one line in providers/index.ts. */
export interface ProviderDefinition {
  readonly id: string;
  /** Throws a ConfigError naming the env keys it misses. */
  create(config: AiConfig): ClassificationProvider;
}

/** A provider failure. Its message names what went wrong, never what was sent. */
export class ProviderError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProviderError';
  }
}
