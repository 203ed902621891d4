import { z } from 'zod';
import { CommonEnv, port, url } from '@vigie/config';
import { Token } from '@vigie/contracts';

export const SERVICE = 'ai';

const ms = (min: number, fallback: number) => z.coerce.number().int().min(min).max(600_000).default(fallback);

export const AiEnv = CommonEnv.extend({
  AI_PORT: port(3103),
  /** Id of the classification provider (see providers/index.ts): `local` (rules) or `http`. */
  AI_PROVIDER: z.string().regex(/^[a-z0-9-]{1,32}$/, 'must be a provider id such as local or http').default('local'),
  /** `http` provider: where classification requests are POSTed. */
  AI_PROVIDER_URL: url(['http', 'https']).optional(),
  /** `http` provider: sent as `Authorization: Bearer <token>` when set. A secret. */
  AI_PROVIDER_TOKEN: z.string().optional(),
  /** `http` provider: the model name its events carry (the AI subject key), e.g. `mistral-small-2409`. */
  AI_PROVIDER_MODEL: Token.optional(),
  /** Beyond this the provider counts as failed and the local rules answer; the product target is < 3 s. */
  AI_TIMEOUT_MS: ms(10, 3000),
  /** The breaker opens when more than this share of the calls in the window failed... */
  AI_BREAKER_ERROR_PERCENT: z.coerce.number().min(1).max(100).default(50),
  /** ...and the window holds at least this many calls. */
  AI_BREAKER_VOLUME: z.coerce.number().int().min(1).default(5),
  /** Length of the rolling window of call statistics, ms. */
  AI_BREAKER_WINDOW_MS: ms(100, 10_000),
  /** How long the breaker stays open before one trial call is let through, ms. */
  AI_BREAKER_RESET_MS: ms(50, 30_000),
  /** How often events still in the outbox (NATS was unreachable at commit) are retried, ms. */
  AI_OUTBOX_INTERVAL_MS: ms(50, 1000),
});
export type AiConfig = z.infer<typeof AiEnv>;
