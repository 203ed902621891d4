import * as path from 'node:path';
import { z } from 'zod';
import { CommonEnv, list, parseEnv, port, type Env } from '@vigie/config';

export const GatewayEnv = CommonEnv.extend({
  GATEWAY_PORT: port(3000),
  WEB_DIST: z
    .string()
    .default(path.resolve(__dirname, '../../../web/dist'))
    .transform((dir) => path.resolve(dir)),
  /** Bearer tokens accepted by `POST /api/events` (secrets). None: ingest answers 503. */
  INGEST_TOKENS: list(z.string().min(16, 'each token must be at least 16 characters')),
});
export type GatewayConfig = z.infer<typeof GatewayEnv>;

export function gatewayConfig(env: Env = process.env): GatewayConfig {
  return parseEnv('gateway', GatewayEnv, env);
}
