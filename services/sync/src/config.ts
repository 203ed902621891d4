import { CommonEnv, ConfigError, parseEnv, port, type Env } from '@vigie/config';
import { Token } from '@vigie/contracts';
import { z } from 'zod';
import { checkTargetKinds, TARGET_KINDS } from './targets';
import type { TargetKind } from './targets/target';

export const SERVICE = 'sync';

const ms = (min: number, fallback: number) => z.coerce.number().int().min(min).max(86_400_000).default(fallback);

export const SyncEnv = CommonEnv.extend({
  SYNC_PORT: port(3102),
  /** JSON array of targets, see the README. Parsed by `parseSyncConfig`, kind by kind. */
  SYNC_TARGETS: z.string().default('[]'),
  /** Attempts per run, the first included. */
  SYNC_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(5),
  /** Wait after the first failed attempt; doubles after each further one, up to SYNC_RETRY_MAX_MS. */
  SYNC_RETRY_BASE_MS: ms(0, 2000),
  SYNC_RETRY_MAX_MS: ms(0, 60_000),
  /** Default limit of one attempt (a target may set its own `timeoutMs`). */
  SYNC_ATTEMPT_TIMEOUT_MS: ms(10, 30_000),
  /** The breaker of a target opens when more than this % of its attempts in the window failed... */
  SYNC_BREAKER_ERROR_PERCENT: z.coerce.number().int().min(1).max(99).default(50),
  /** ...and at least this many attempts were made in the window. */
  SYNC_BREAKER_VOLUME: z.coerce.number().int().min(1).max(1000).default(3),
  SYNC_BREAKER_WINDOW_MS: ms(1000, 600_000),
  /** How long an open breaker fails attempts fast before letting one trial attempt through. */
  SYNC_BREAKER_RESET_MS: ms(10, 60_000),
  /** Runs every target on this interval; 0 = only on request (a target may set its own `scheduleMs`). */
  SYNC_SCHEDULE_MS: ms(0, 0),
  /** How often events still in the outbox (NATS was unreachable at commit) are retried, ms. */
  SYNC_OUTBOX_INTERVAL_MS: z.coerce.number().int().min(50).default(1000),
});

export interface TargetConfig {
  name: string;
  kind: string;
  /** The siteId of this target's events; `global` when it serves the whole organisation. */
  siteId: string;
  timeoutMs: number;
  /** 0 = not scheduled. */
  scheduleMs: number;
  /** Validated by the kind's own schema (secrets resolved, as `Secret`). */
  options: unknown;
}

export type SyncConfig = Omit<z.infer<typeof SyncEnv>, 'SYNC_TARGETS'> & { targets: TargetConfig[] };

const TargetEntry = z.object({
  name: Token,
  kind: z.string(),
  siteId: Token.default('global'),
  timeoutMs: z.number().int().min(10).max(3_600_000).optional(),
  scheduleMs: z.number().int().min(0).max(86_400_000 * 7).optional(),
});

type Problem = { key: string; message: string };

const keyOf = (base: string, path: readonly PropertyKey[]) =>
  path.reduce<string>((k, p) => k + (typeof p === 'number' ? `[${p}]` : `.${String(p)}`), base);

function zodProblems(base: string, error: z.ZodError): Problem[] {
  return error.issues.map((i) => ({ key: keyOf(base, i.path), message: i.message }));
}

/** Every `SYNC_TARGETS` entry, checked by its kind's schema; problems are collected, not thrown. */
export function parseTargets(
  json: string,
  env: Env,
  defaults: { timeoutMs: number; scheduleMs: number },
  kinds: readonly TargetKind[],
): { targets: TargetConfig[]; problems: Problem[] } {
  const problems: Problem[] = [];
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (e) {
    return { targets: [], problems: [{ key: 'SYNC_TARGETS', message: `is not valid JSON (${(e as Error).message})` }] };
  }
  if (!Array.isArray(raw)) return { targets: [], problems: [{ key: 'SYNC_TARGETS', message: 'must be a JSON array of targets' }] };
  const targets: TargetConfig[] = [];
  const names = new Set<string>();
  raw.forEach((entry, i) => {
    const at = `SYNC_TARGETS[${i}]`;
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
      problems.push({ key: at, message: 'must be an object' });
      return;
    }
    const { name, kind, siteId, timeoutMs, scheduleMs, ...rest } = entry as Record<string, unknown>;
    const common = TargetEntry.safeParse({ name, kind, siteId, timeoutMs, scheduleMs });
    if (!common.success) {
      problems.push(...zodProblems(at, common.error));
      return;
    }
    if (names.has(common.data.name)) {
      problems.push({ key: `${at}.name`, message: `"${common.data.name}" is already the name of another target` });
    }
    names.add(common.data.name);
    const targetKind = kinds.find((k) => k.kind === common.data.kind);
    if (!targetKind) {
      problems.push({ key: `${at}.kind`, message: `must be one of ${kinds.map((k) => k.kind).join(', ')}` });
      return;
    }
    const options = targetKind.options(env).safeParse(rest);
    if (!options.success) {
      problems.push(...zodProblems(at, options.error));
      return;
    }
    targets.push({
      name: common.data.name,
      kind: common.data.kind,
      siteId: common.data.siteId,
      timeoutMs: common.data.timeoutMs ?? defaults.timeoutMs,
      scheduleMs: common.data.scheduleMs ?? defaults.scheduleMs,
      options: options.data,
    });
  });
  return { targets, problems };
}

/**
 * The service's configuration from its environment. `env` is also where targets' secret references
 * (`passwordEnv`, `tokenEnv`) are read. Throws one ConfigError listing every problem.
 */
export function parseSyncConfig(env: Env, kinds: readonly TargetKind[] = TARGET_KINDS): SyncConfig {
  checkTargetKinds(kinds);
  let base: z.infer<typeof SyncEnv> | undefined;
  const problems: Problem[] = [];
  try {
    base = parseEnv(SERVICE, SyncEnv, env);
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    problems.push(...e.problems);
  }
  // Read on their own, so these checks run (and report) even when another key is bad.
  type NumberKey = 'SYNC_RETRY_BASE_MS' | 'SYNC_RETRY_MAX_MS' | 'SYNC_ATTEMPT_TIMEOUT_MS' | 'SYNC_SCHEDULE_MS';
  const setting = (key: NumberKey): number | undefined => {
    const parsed = SyncEnv.shape[key].safeParse(env[key]?.trim() || undefined);
    return parsed.success ? parsed.data : undefined;
  };
  const [retryBase, retryMax] = [setting('SYNC_RETRY_BASE_MS'), setting('SYNC_RETRY_MAX_MS')];
  if (retryBase !== undefined && retryMax !== undefined && retryMax < retryBase) {
    problems.push({ key: 'SYNC_RETRY_MAX_MS', message: `must be at least SYNC_RETRY_BASE_MS (${retryBase})` });
  }
  const parsed = parseTargets(
    env.SYNC_TARGETS?.trim() || '[]',
    env,
    { timeoutMs: setting('SYNC_ATTEMPT_TIMEOUT_MS') ?? 30_000, scheduleMs: setting('SYNC_SCHEDULE_MS') ?? 0 },
    kinds,
  );
  problems.push(...parsed.problems);
  if (!base || problems.length > 0) throw new ConfigError(SERVICE, problems);
  const { SYNC_TARGETS: _json, ...settings } = base;
  return { ...settings, targets: parsed.targets };
}
