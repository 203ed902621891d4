import { AuditInstant, ReplayLine, type ReplayResult } from '@vigie/contracts';
import { readFileSync } from 'node:fs';
import { once } from 'node:events';
import * as path from 'node:path';
import { parseArgs, ruleOverrides, USAGE, UsageError } from './args';
import { ProgressBar } from './progress';

type Out = { isTTY?: boolean; write(s: string): boolean; once?: NodeJS.WriteStream['once'] };

export interface CliIo {
  env: Record<string, string | undefined>;
  cwd: string;
  stdout: Out;
  stderr: Out;
}

class ApiError extends Error {}

async function write(out: Out, text: string): Promise<void> {
  if (!out.write(text) && out.once) await once(out as NodeJS.WriteStream, 'drain');
}

/** Each complete line of a streamed body, as it arrives. */
async function* bodyLines(res: Response): AsyncGenerator<string> {
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let buffered = '';
  for (let r = await reader.read(); !r.done; r = await reader.read()) {
    buffered += decoder.decode(r.value, { stream: true });
    let nl: number;
    while ((nl = buffered.indexOf('\n')) >= 0) {
      const line = buffered.slice(0, nl);
      buffered = buffered.slice(nl + 1);
      if (line.trim()) yield line;
    }
  }
  buffered += decoder.decode();
  if (buffered.trim()) yield buffered;
}

async function refusal(res: Response): Promise<ApiError> {
  const text = await res.text().catch(() => '');
  try {
    const { error } = JSON.parse(text) as { error: { code: string; message: string } };
    return new ApiError(`${res.status} ${error.code}: ${error.message}`);
  } catch {
    return new ApiError(`HTTP ${res.status}`);
  }
}

async function token(base: string, io: CliIo): Promise<string> {
  if (io.env.VIGIE_TOKEN) return io.env.VIGIE_TOKEN;
  const login = io.env.VIGIE_ADMIN_LOGIN ?? io.env.VIGIE_ADMIN_EMAIL ?? 'admin';
  let password = io.env.VIGIE_ADMIN_PASSWORD;
  if (!password) {
    const file = path.join(io.cwd, '.vigie', 'admin-password');
    try {
      password = readFileSync(file, 'utf8').trim();
    } catch {
      throw new UsageError(`no VIGIE_TOKEN nor VIGIE_ADMIN_PASSWORD, and no ${file}`);
    }
  }
  const res = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login, password }) });
  if (!res.ok) throw await refusal(res);
  return ((await res.json()) as { token: string }).token;
}

function one(options: Map<string, string[]>, name: string, required = true): string | undefined {
  const values = options.get(name);
  if (!values?.length) {
    if (required) throw new UsageError(`--${name} is required`);
    return undefined;
  }
  if (values.length > 1) throw new UsageError(`--${name} given twice`);
  return values[0];
}

function instant(options: Map<string, string[]>, name: string): string {
  const parsed = AuditInstant.safeParse(one(options, name));
  if (!parsed.success) throw new UsageError(`--${name}: ${parsed.error.issues[0].message}`);
  return parsed.data;
}

/** `vigie replay …`: the detectors re-run over a range, the difference with what was recorded. */
async function replay(base: string, auth: string, options: Map<string, string[]>, json: boolean, io: CliIo): Promise<number> {
  const warmup = one(options, 'warmup-hours', false);
  const body = {
    from: instant(options, 'from'),
    to: instant(options, 'to'),
    rules: ruleOverrides(options.get('rule') ?? []),
    ...(warmup !== undefined ? { warmupHours: Number(warmup) } : {}),
    ...(options.get('stream') ? { streams: options.get('stream') } : {}),
  };
  const res = await fetch(`${base}/api/audit/replays`, {
    method: 'POST',
    headers: { authorization: `Bearer ${auth}`, 'content-type': 'application/json', accept: 'application/x-ndjson' },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw await refusal(res);
  const bar = new ProgressBar(io.stderr, 'replay');
  let result: ReplayResult | undefined;
  for await (const text of bodyLines(res)) {
    const line = ReplayLine.parse(JSON.parse(text));
    if (line.type === 'progress') bar.update(line.read, line.total, `${line.events} events`);
    else if (line.type === 'error') throw new ApiError(`${line.error.code}: ${line.error.message}`);
    else result = line.result;
  }
  bar.done();
  if (!result) throw new ApiError('the replay ended without a result (the anomaly service stopped?)');
  await write(io.stdout, json ? `${JSON.stringify(result, null, 2)}\n` : summary(result));
  return 0;
}

function summary(r: ReplayResult): string {
  const out: string[] = [
    `Replay ${r.from} → ${r.to} (warm-up from ${r.warmupFrom}): ${r.events} events read, ${r.invalid} invalid skipped`,
    `${r.replayed.length} anomalies replayed, ${r.recorded.length} recorded; ${r.warmupAnomalies} raised during the warm-up (not compared)`,
    r.diff.empty ? 'No difference: the replay raises exactly the anomalies recorded.' : 'Differences:',
    '',
    `${'rule'.padEnd(28)} ${'severity'.padEnd(9)} ${'recorded'.padStart(8)} ${'replayed'.padStart(8)}`,
    ...r.diff.byRule.map((b) => `${b.ruleId.padEnd(28)} ${b.severity.padEnd(9)} ${String(b.recorded).padStart(8)} ${String(b.replayed).padStart(8)}`),
  ];
  const list = (title: string, items: { anomalyId: string; ruleId: string; key: string; severity: string; count: number }[]) => {
    if (items.length === 0) return;
    out.push('', `${title} (${items.length}):`, ...items.map((a) => `  ${a.anomalyId}  ${a.ruleId}  ${a.key}  ${a.severity} ×${a.count}`));
  };
  list('only in the replay', r.diff.onlyInReplay);
  list('only recorded', r.diff.onlyRecorded);
  if (r.diff.changed.length) {
    out.push('', `changed (${r.diff.changed.length}):`);
    for (const c of r.diff.changed) {
      out.push(`  ${c.anomalyId}  ${c.ruleId}  ${c.key}  recorded ${c.recorded.severity} ×${c.recorded.count} ${c.recorded.status} → replayed ${c.replayed.severity} ×${c.replayed.count} ${c.replayed.status}`);
    }
  }
  return `${out.join('\n')}\n`;
}

/** `vigie events …`: the stored events of a range as NDJSON on stdout; progress by event time on stderr. */
async function events(base: string, auth: string, options: Map<string, string[]>, io: CliIo): Promise<number> {
  const from = instant(options, 'from');
  const to = instant(options, 'to');
  const query = new URLSearchParams({ stream: one(options, 'stream')!, from, to });
  const subject = one(options, 'subject', false);
  const limit = one(options, 'limit', false);
  if (subject) query.set('subject', subject);
  if (limit) query.set('limit', limit);
  const res = await fetch(`${base}/api/audit/events?${query}`, { headers: { authorization: `Bearer ${auth}`, accept: 'application/x-ndjson' } });
  if (!res.ok) throw await refusal(res);
  const bar = new ProgressBar(io.stderr, 'events');
  const [start, end] = [Date.parse(from), Date.parse(to)];
  let count = 0;
  for await (const text of bodyLines(res)) {
    const line = JSON.parse(text) as { event?: { occurredAt?: string; deadLetteredAt?: string }; error?: { code: string; message: string } | string; seq?: number };
    if (line.seq === undefined && typeof line.error === 'object') throw new ApiError(`${line.error.code}: ${line.error.message}`);
    await write(io.stdout, `${text}\n`);
    count += 1;
    const t = Date.parse(line.event?.occurredAt ?? line.event?.deadLetteredAt ?? '');
    if (!Number.isNaN(t)) bar.update(t - start, end - start, `${count} events`);
  }
  bar.update(1, 1, `${count} events`);
  bar.done();
  return 0;
}

/** The `vigie` command line; resolves to the exit code. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    const args = parseArgs(argv);
    const base = (io.env.GATEWAY_URL ?? 'http://127.0.0.1:3000').replace(/\/+$/, '');
    const auth = await token(base, io);
    return args.command === 'replay' ? await replay(base, auth, args.options, args.flags.has('json'), io) : await events(base, auth, args.options, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr.write(`vigie: ${e.message}\n${USAGE}\n`);
      return 2;
    }
    const why = e instanceof ApiError ? e.message : e instanceof TypeError && e.message === 'fetch failed' ? `cannot reach the gateway at ${io.env.GATEWAY_URL ?? 'http://127.0.0.1:3000'}` : (e as Error).message;
    io.stderr.write(`vigie: ${why}\n`);
    return 1;
  }
}
