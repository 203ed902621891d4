import * as path from 'node:path';
import { z } from 'zod';
import { LoginName, Password } from '@vigie/contracts';
import { CommonEnv, list, parseEnv, port, url, type Env } from '@vigie/config';

const baseUrl = url(['http', 'https']).transform((u) => u.replace(/\/+$/, ''));

export const GatewayEnv = CommonEnv.extend({
  GATEWAY_PORT: port(3000),
  WEB_DIST: z
    .string()
    .default(path.resolve(__dirname, '../../../web/dist'))
    .transform((dir) => path.resolve(dir)),
  /** Bearer tokens accepted by `POST /api/events` (secrets). None: ingest answers 503. */
  INGEST_TOKENS: list(z.string().min(16, 'each token must be at least 16 characters')),
  /** Signs access tokens and keys login-name HMACs (principals). Secret; changing it logs everyone out. */
  AUTH_SECRET: z.string().min(32, 'must be at least 32 characters (e.g. `openssl rand -hex 32`)'),
  /** Lifetime of an access token; the dashboard refreshes it before it ends. */
  AUTH_TOKEN_TTL_SECONDS: z.coerce.number().int().min(10).max(86_400).default(900),
  /** How long refreshes may extend a session after its password login: then log in again. */
  AUTH_SESSION_MAX_SECONDS: z.coerce.number().int().min(60).max(30 * 86_400).default(12 * 3600),
  /** The first super-admin, created at boot only while no account exists. The password is a secret. */
  ADMIN_BOOTSTRAP_LOGIN: LoginName.optional(),
  ADMIN_BOOTSTRAP_PASSWORD: Password.optional(),
  /** The anomaly service, which owns acknowledge / silence / resolve. */
  ANOMALY_URL: baseUrl.default('http://127.0.0.1:3110'),
  ANOMALY_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(5000),
  /** The monitor (`GET /targets`: the latest probe of every service). */
  MONITOR_URL: baseUrl.default('http://127.0.0.1:3140'),
  /** The reporting service (weekly reports, jobs). */
  REPORTING_URL: baseUrl.default('http://127.0.0.1:3130'),
  /** The notification service (linked Telegram chats, link codes, subscriptions). */
  NOTIFICATION_URL: baseUrl.default('http://127.0.0.1:3120'),
  /** Timeout of the calls to the monitor, reporting and notification services. */
  UPSTREAM_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(5000),
  /** How often the gateway samples JetStream (events per minute, consumer lag) and pushes it live. */
  METRICS_SAMPLE_INTERVAL_MS: z.coerce.number().int().min(200).max(300_000).default(10_000),
  /** Dead-man's switch (`GET /health/pipeline`): 503 once no tick this recent has gone through detection. */
  PIPELINE_MAX_TICK_AGE_SECONDS: z.coerce.number().int().min(1).max(86_400).default(90),
  /**
   * Reverse proxies whose X-Forwarded-For gives the client IP (login rate limits count per IP):
   * express `trust proxy` values — `loopback`, IPs or subnets, or a hop count. Unset: the TCP peer.
   */
  GATEWAY_TRUST_PROXY: z
    .string()
    .refine((v) => !['true', 'all', '*'].includes(v.toLowerCase()), {
      message: 'name the proxies (loopback, IPs, subnets) or give a hop count: trusting all lets any client choose its IP',
    })
    .transform((v): string | number => (/^\d+$/.test(v) ? Number(v) : v))
    .optional(),
}).superRefine((env, ctx) => {
  if ((env.ADMIN_BOOTSTRAP_LOGIN === undefined) !== (env.ADMIN_BOOTSTRAP_PASSWORD === undefined)) {
    const missing = env.ADMIN_BOOTSTRAP_LOGIN === undefined ? 'ADMIN_BOOTSTRAP_LOGIN' : 'ADMIN_BOOTSTRAP_PASSWORD';
    ctx.addIssue({ code: 'custom', path: [missing], message: 'set ADMIN_BOOTSTRAP_LOGIN and ADMIN_BOOTSTRAP_PASSWORD together' });
  }
});
export type GatewayConfig = z.infer<typeof GatewayEnv>;

export function gatewayConfig(env: Env = process.env): GatewayConfig {
  return parseEnv('gateway', GatewayEnv, env);
}
