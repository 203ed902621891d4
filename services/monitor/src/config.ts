import { z } from 'zod';
import { TOKEN_PATTERN } from '@vigie/contracts';
import { CommonEnv, list, port, url } from '@vigie/config';
import type { Target } from './domain/target-status';

export const SERVICE = 'monitor';

/** Every Vigie service on its default port (ARCHITECTURE.md); the monitor does not probe itself. */
export const DEFAULT_TARGETS =
  'gateway=http://127.0.0.1:3000,cash=http://127.0.0.1:3101,sync=http://127.0.0.1:3102,ai=http://127.0.0.1:3103,' +
  'anomaly=http://127.0.0.1:3110,notification=http://127.0.0.1:3120,reporting=http://127.0.0.1:3130';

/** `name=url,name=url`: names become subject tokens; urls are the base the monitor appends /health/ready to. */
export function parseTargets(value: string, ctx: z.RefinementCtx): Target[] {
  const targets: Target[] = [];
  let bad = 0;
  for (const entry of value.split(',').map((s) => s.trim()).filter(Boolean)) {
    const eq = entry.indexOf('=');
    const name = eq < 0 ? '' : entry.slice(0, eq).trim();
    const raw = eq < 0 ? '' : entry.slice(eq + 1).trim();
    const problem = targetProblem(name, raw, targets);
    if (problem) {
      // The entry is not echoed back whole: a mistyped one could carry a password.
      ctx.addIssue({ code: 'custom', message: `entry ${targets.length + bad + 1} (${TOKEN_PATTERN.test(name) ? name : '?'}): ${problem}` });
      bad++;
      continue;
    }
    targets.push({ name, url: raw.replace(/\/+$/, '') });
  }
  if (targets.length === 0 && bad === 0) ctx.addIssue({ code: 'custom', message: 'must list at least one name=url' });
  return targets;
}

function targetProblem(name: string, raw: string, seen: Target[]): string | undefined {
  if (!name || !raw) return 'must be name=url';
  if (!TOKEN_PATTERN.test(name)) return 'name must match [A-Za-z0-9_-]';
  if (seen.some((t) => t.name === name)) return 'name listed twice';
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    return 'url is not a URL';
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return 'url must be http or https';
  if (parsed.username || parsed.password) return 'url must not carry credentials';
  if (parsed.search || parsed.hash) return 'url must not have a query or fragment';
  return undefined;
}

const ms = (fallback: number, min: number) => z.coerce.number().int().min(min).default(fallback);

export const MonitorEnv = CommonEnv.extend({
  MONITOR_PORT: port(3140),
  MONITOR_TARGETS: z.string().default(DEFAULT_TARGETS).transform(parseTargets),
  MONITOR_PROBE_INTERVAL_MS: ms(5000, 50),
  MONITOR_PROBE_TIMEOUT_MS: ms(2000, 10),
  MONITOR_TICK_INTERVAL_MS: ms(5000, 50),
  /** How often streams and durable consumers are sampled (`ops.*.sampled`); default: the probe interval. */
  MONITOR_SAMPLE_INTERVAL_MS: z.coerce.number().int().min(50).optional(),
  /** The target whose outage means alerts no longer go out: the monitor then alerts on Telegram itself. */
  MONITOR_FALLBACK_TARGET: z.string().regex(TOKEN_PATTERN, 'must be a target name').default('notification'),
  MONITOR_FALLBACK_AFTER_MS: ms(60_000, 0),
  /** After the monitor starts, failed probes of a target not yet seen ready are not announced for this long. */
  MONITOR_STARTUP_GRACE_MS: ms(60_000, 0),
  TELEGRAM_BOT_TOKEN: z
    .string()
    .regex(/^\d+:[A-Za-z0-9_-]+$/, 'must look like <bot id>:<secret> (as given by @BotFather)')
    .optional(),
  // grammY refuses an apiRoot with a trailing slash.
  TELEGRAM_API_ROOT: url(['http', 'https'])
    .default('https://api.telegram.org')
    .transform((v) => v.replace(/\/+$/, '')),
  // Telegram chat ids have at most 52 significant bits: they fit a JS number exactly.
  TELEGRAM_ADMIN_CHAT_IDS: list(
    z.string().refine((v) => /^-?\d+$/.test(v) && Number.isSafeInteger(Number(v)), 'must be numeric Telegram chat ids'),
  ),
});
export type MonitorConfig = z.infer<typeof MonitorEnv>;

export const MONITOR_CONFIG = Symbol('MONITOR_CONFIG');
