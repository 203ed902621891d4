import { z } from 'zod';

/** Every bad or missing environment key, reported together so one restart fixes them all. */
export class ConfigError extends Error {
  constructor(
    readonly service: string,
    readonly problems: { key: string; message: string }[],
  ) {
    super(
      `${service}: invalid configuration (${problems.length} problem${problems.length > 1 ? 's' : ''}):\n` +
        problems.map((p) => `  - ${p.key}: ${p.message}`).join('\n'),
    );
    this.name = 'ConfigError';
  }
}

export type Env = Record<string, string | undefined>;

/**
 * Parses `env` with a zod object whose keys are the variable names. Empty strings count as unset,
 * so `FOO=` in a .env file falls back to the default instead of failing a number or URL check.
 */
export function parseEnv<S extends z.ZodObject>(service: string, schema: S, env: Env = process.env): z.infer<S> {
  const cleaned: Env = {};
  for (const key of Object.keys(schema.shape)) {
    const value = env[key];
    cleaned[key] = value === undefined || value.trim() === '' ? undefined : value.trim();
  }
  const result = schema.safeParse(cleaned);
  if (result.success) return result.data;
  throw new ConfigError(
    service,
    result.error.issues.map((i) => ({
      key: String(i.path[0] ?? '(env)'),
      message: i.code === 'invalid_type' && cleaned[String(i.path[0])] === undefined ? 'is required' : i.message,
    })),
  );
}

export const port = (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback);

export const url = (protocols: string[]) =>
  z.string().refine((v) => {
    try {
      return protocols.includes(new URL(v).protocol.replace(/:$/, ''));
    } catch {
      return false;
    }
  }, `must be a URL (${protocols.join(', ')})`);

/** Comma-separated list, trimmed, empties dropped. */
export const list = <T extends z.ZodType<unknown, string>>(item: T) =>
  z
    .string()
    .default('')
    .transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean))
    .pipe(z.array(item));

export const bool = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'])
    .default(fallback ? 'true' : 'false')
    .transform((v) => v === 'true' || v === '1' || v === 'yes');

/** What every Vigie service reads: where NATS and Postgres are, and the namespace of its streams. */
export const CommonEnv = z.object({
  /** One server, or a comma-separated list of the cluster's servers (the client fails over between them). */
  NATS_URL: z
    .string()
    .default('nats://127.0.0.1:4222')
    .refine(
      (v) => {
        const servers = v.split(',').map((s) => s.trim()).filter(Boolean);
        return servers.length > 0 && servers.every((s) => url(['nats', 'tls', 'ws', 'wss']).safeParse(s).success);
      },
      'must be a URL (nats, tls, ws, wss) or a comma-separated list of them',
    ),
  /** Replicas of every stream Vigie creates: 1 on a single server, 3 on a 3-node JetStream cluster. */
  NATS_STREAM_REPLICAS: z.coerce.number().int().min(1).max(5).default(1),
  DATABASE_URL: url(['postgres', 'postgresql']).default('postgres://postgres@127.0.0.1:5432/vigie'),
  VIGIE_NAMESPACE: z
    .string()
    .regex(/^[a-z0-9]{0,16}$/, 'must be lowercase letters and digits, at most 16')
    .default(''),
  HOST: z.string().default('127.0.0.1'),
  LOG_LEVEL: z.enum(['error', 'warn', 'log', 'debug', 'verbose']).default('log'),
});
export type CommonEnv = z.infer<typeof CommonEnv>;
