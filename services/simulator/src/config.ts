import { z } from 'zod';
import { url } from '@vigie/config';
import { selectScenarios } from './plan/scenarios';

const serviceUrl = (port: number) => url(['http', 'https']).default(`http://127.0.0.1:${port}`);
const portOrRandom = (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback);

export const SimulatorEnv = z.object({
  CASH_URL: serviceUrl(3101),
  AI_URL: serviceUrl(3103),
  SYNC_URL: serviceUrl(3102),
  /** The gateway, for `POST /api/events` (logins, heartbeats). */
  GATEWAY_URL: serviceUrl(3000),
  /** One of the gateway's `INGEST_TOKENS`. Without it, no logins and no heartbeats are simulated. A secret. */
  INGEST_TOKEN: z.string().min(16, 'must be at least 16 characters (one of the gateway’s INGEST_TOKENS)').optional(),
  /** Where the simulated model and partner listen. */
  HOST: z.string().default('127.0.0.1'),
  /** Simulated ms per real ms: 1440 = a day per minute, 1 = real time. */
  SIMULATOR_SPEED: z.coerce.number().min(1).max(10_000_000).default(1440),
  /** Days before today a compressed run starts from (it replays them, then goes on in real time). Ignored at speed 1. */
  SIMULATOR_HISTORY_DAYS: z.coerce.number().int().min(0).max(30).default(7),
  /** Days to simulate before stopping; 0 = keep going. */
  SIMULATOR_DAYS: z.coerce.number().int().min(0).max(3650).default(0),
  SIMULATOR_SITES: z.coerce.number().int().min(1).max(20).default(2),
  SIMULATOR_REGISTERS_PER_SITE: z.coerce.number().int().min(1).max(20).default(2),
  SIMULATOR_SEED: z.coerce.number().int().default(42),
  /** Incidents to inject: ids separated by commas, `all` or `none`. */
  SIMULATOR_SCENARIOS: z
    .string()
    .default('variance-streak')
    .superRefine((v, ctx) => {
      try {
        selectScenarios(v);
      } catch (e) {
        ctx.addIssue({ code: 'custom', message: (e as Error).message });
      }
    }),
  /** The simulated AI model (`AI_PROVIDER=http`, `AI_PROVIDER_URL=http://<HOST>:<port>/v1/classify`); 0 = any free port. */
  SIMULATOR_MODEL_PORT: portOrRandom(3191),
  /** Its answers take their planned latency times this (0–1; tests make it fast). */
  SIMULATOR_MODEL_LATENCY_SCALE: z.coerce.number().min(0).max(1).default(1),
  /** The simulated partner that receives exports (a sync `http-put` target with `url` `http://<HOST>:<port>/exports/`). */
  SIMULATOR_PARTNER_PORT: portOrRandom(3192),
  /** The sync target whose url is the simulated partner: the one `sync-outage` breaks. */
  SIMULATOR_PARTNER_TARGET: z.string().regex(/^[A-Za-z0-9_-]{1,128}$/).default('compta-simulee'),
  /** Heartbeats of the simulated connected-register service, real ms. */
  SIMULATOR_HEARTBEAT_MS: z.coerce.number().int().min(100).max(60_000).default(10_000),
  /** How long `service-crash` silences them, real seconds (`service.down` needs more than 30). */
  SIMULATOR_CRASH_SECONDS: z.coerce.number().min(0.1).max(3600).default(60),
  /** How long to wait for each service to be ready before simulating without it, seconds. */
  SIMULATOR_WAIT_SECONDS: z.coerce.number().min(0).max(3600).default(120),
});
export type SimulatorConfig = z.infer<typeof SimulatorEnv>;
