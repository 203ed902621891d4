import type { ReplayRuleOverride } from '@vigie/contracts';

export class UsageError extends Error {}

export const USAGE = `usage:
  vigie replay --from <day|ISO> --to <day|ISO> [--rule <ruleId>.<param>=<number>]... [--warmup-hours N] [--stream S]... [--json]
  vigie events --stream <STREAM> --from <day|ISO> --to <day|ISO> [--subject <filter>] [--limit N]

  Days are UTC midnights; [from, to) is by event time. --rule cash.variance.warningAbove=20 tries a
  threshold (also <ruleId>.enabled=false, <ruleId>.severity=critical).
environment: GATEWAY_URL (http://127.0.0.1:3000); VIGIE_TOKEN, or VIGIE_ADMIN_LOGIN (or VIGIE_ADMIN_EMAIL,
  default admin) and VIGIE_ADMIN_PASSWORD (default: the content of .vigie/admin-password)`;

export interface ParsedArgs {
  command: 'replay' | 'events';
  options: Map<string, string[]>;
  flags: Set<string>;
}

const VALUED = new Set(['from', 'to', 'rule', 'warmup-hours', 'stream', 'subject', 'limit']);
const FLAGS = new Set(['json']);

export function parseArgs(argv: readonly string[]): ParsedArgs {
  const [command, ...rest] = argv;
  if (command !== 'replay' && command !== 'events') throw new UsageError(command ? `unknown command ${command}` : 'no command');
  const options = new Map<string, string[]>();
  const flags = new Set<string>();
  for (let i = 0; i < rest.length; i++) {
    const m = /^--([a-z-]+)(?:=(.*))?$/.exec(rest[i]);
    if (!m) throw new UsageError(`unexpected argument ${rest[i]}`);
    const [, name, inline] = m;
    if (FLAGS.has(name)) {
      flags.add(name);
    } else if (VALUED.has(name)) {
      const value = inline ?? rest[++i];
      if (value === undefined) throw new UsageError(`--${name} needs a value`);
      options.set(name, [...(options.get(name) ?? []), value]);
    } else {
      throw new UsageError(`unknown option --${name}`);
    }
  }
  return { command, options, flags };
}

/** `cash.variance.warningAbove=20` → one override per rule (several --rule of one rule merge). */
export function ruleOverrides(specs: readonly string[]): ReplayRuleOverride[] {
  const byRule = new Map<string, ReplayRuleOverride>();
  for (const spec of specs) {
    const m = /^([a-z0-9-]+\.[a-z0-9-]+)\.([A-Za-z][A-Za-z0-9]*)=(.+)$/.exec(spec);
    if (!m) throw new UsageError(`--rule ${spec}: expected <family>.<name>.<param>=<value>, e.g. cash.variance.warningAbove=20`);
    const [, ruleId, param, value] = m;
    const o = byRule.get(ruleId) ?? { ruleId, scope: {} };
    if (param === 'enabled') {
      if (value !== 'true' && value !== 'false') throw new UsageError(`--rule ${spec}: enabled is true or false`);
      o.enabled = value === 'true';
    } else if (param === 'severity') {
      if (!['info', 'warning', 'critical'].includes(value)) throw new UsageError(`--rule ${spec}: severity is info, warning or critical`);
      o.severity = value as ReplayRuleOverride['severity'];
    } else {
      const n = Number(value);
      if (!Number.isFinite(n)) throw new UsageError(`--rule ${spec}: ${value} is not a number`);
      o.params = { ...o.params, [param]: n };
    }
    byRule.set(ruleId, o);
  }
  return [...byRule.values()];
}
