import * as path from 'node:path';
import { z } from 'zod';
import { CommonEnv, parseEnv, port, type Env } from '@vigie/config';

export const GatewayEnv = CommonEnv.extend({
  GATEWAY_PORT: port(3000),
  WEB_DIST: z
    .string()
    .default(path.resolve(__dirname, '../../../web/dist'))
    .transform((dir) => path.resolve(dir)),
});
export type GatewayConfig = z.infer<typeof GatewayEnv>;

export function gatewayConfig(env: Env = process.env): GatewayConfig {
  return parseEnv('gateway', GatewayEnv, env);
}
