// `npm run bench`: measures Vigie against the raw JetStream ceiling of this machine, in one run.
// Starts what it needs on the local NATS and Postgres (namespaces and databases of its own), prints a
// table, writes bench/results/latest.json. `npm run bench -- --help` lists the options.
import 'reflect-metadata';
import { encodeEvent } from '@vigie/contracts';
import { Client } from 'pg';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { dashboardBundle } from './bundle';
import { rawCeilings, rawOrderedRead, type RawCeilings } from './ceilings';
import { benchEnvironment, type BenchEnvironment } from './environment';
import { GATEWAY_AUTH, ingestThroughput } from './ingest';
import { endToEndLatency, type LatencyFigures, type LatencyRun } from './latency';
import { ratio, table, verdict, type Measurement } from './measure';
import { parseOptions, USAGE, type BenchOptions, type Phase } from './options';
import { drainBacklog, INPUT_STREAMS, publishHistory, ROOT, spawnService } from './pipeline';
import { auditExportHttp, redetectAll, replayAll } from './replay';
import { workload, type WorkloadShape } from './workload';

/** The issue's realistic mix. */
const PIPELINE_SHAPE: WorkloadShape = { registers: 1000, targets: 50, models: 5 };
/** The issue's memory case: many registers, so per-register state must stay bounded. */
const HISTORY_SHAPE: WorkloadShape = { registers: 10_000, targets: 50, models: 5 };
const ONE_MILLION = 1_000_000;

const log = (s: string) => process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${s}\n`);

interface Machine {
  cpus: number;
  cpuModel: string;
  memoryGb: number;
  node: string;
  natsServer: string;
  postgres: string;
  loadAverageAtStart: number[];
  loadAverageAtEnd?: number[];
}

async function machine(env: BenchEnvironment): Promise<Machine> {
  const pg = new Client({ connectionString: env.env.DATABASE_URL });
  await pg.connect();
  const postgres = (await pg.query<{ server_version: string }>('SHOW server_version')).rows[0].server_version;
  await pg.end();
  return {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    memoryGb: Math.round(os.totalmem() / 1e8) / 10,
    node: process.version,
    natsServer: env.bus.nc.info?.version ?? 'unknown',
    postgres,
    loadAverageAtStart: os.loadavg().map((l) => Math.round(l * 100) / 100),
  };
}

const latencyRows = (what: string, f: LatencyFigures, target: number | undefined, run: LatencyRun): Measurement[] =>
  (['p50', 'p95', 'p99'] as const).map((p) => ({
    name: `latency ${what} ${p}`,
    value: f[p],
    unit: 'ms',
    ...(p === 'p99' && target !== undefined ? { target: { atMost: target } } : {}),
    note: `${f.samples} probes${f.lost ? `, ${f.lost} never arrived (counted as ∞)` : ''}; background ${run.backgroundRate} events/s → ${run.anomalyRate} ANOMALY events/s; ${run.inProcess ? 'services in the bench process' : 'one process per service'}`,
  }));

async function phase(name: string, results: Measurement[], work: () => Promise<void>): Promise<boolean> {
  log(`${name}…`);
  try {
    await work();
    return true;
  } catch (e) {
    log(`${name} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    results.push({ name: `${name} FAILED`, value: NaN, unit: '', note: (e instanceof Error ? e.message.split('\n')[0] : String(e)).slice(0, 160) });
    return false;
  }
}

async function main(opts: BenchOptions): Promise<number> {
  const wants = (p: Phase) => !opts.only || opts.only.has(p);
  const results: Measurement[] = [];
  let failures = 0;
  const env = await benchEnvironment();
  const host = await machine(env);
  log(`${host.cpus} × ${host.cpuModel}, node ${host.node}, nats-server ${host.natsServer}, postgres ${host.postgres}, load ${host.loadAverageAtStart.join(' ')}`);
  let raw: RawCeilings | undefined;
  try {
    const sample = [...workload(1000, PIPELINE_SHAPE, { seed: 3 })].map(encodeEvent);
    const meanBytes = Math.round(sample.reduce((s, p) => s + p.length, 0) / sample.length);
    await phase(`raw JetStream ceiling (${opts.raw} messages of ${meanBytes} bytes on average)`, results, async () => {
      raw = await rawCeilings(env.bus, sample, opts.raw);
      results.push({ name: 'raw JetStream publish (256 in flight)', value: raw.publish, unit: 'msg/s', note: `${opts.raw} messages, ${meanBytes} B` });
      results.push({ name: 'raw JetStream consume + ack (durable pull)', value: raw.consume, unit: 'msg/s', note: `${opts.raw} messages` });
    });
    const publishCeiling = raw && { name: 'raw publish', value: raw.publish };
    const consumeCeiling = raw && { name: 'raw consume', value: raw.consume };

    if (wants('pipeline')) {
      const ok = await phase(`anomaly pipeline over a backlog of ${opts.pipelineEvents} events`, results, async () => {
        const stored = await publishHistory(env.bus, workload(opts.pipelineEvents, PIPELINE_SHAPE));
        log(`  backlog stored at ${stored.rate} events/s; starting the anomaly service`);
        const run = await drainBacklog(env.bus, env.env, stored.count, { profileDir: opts.profileDir && path.join(opts.profileDir, 'pipeline') });
        results.push({
          name: 'anomaly pipeline (12 rules + projections)',
          value: run.rate,
          unit: 'events/s',
          ceiling: consumeCeiling,
          target: { atLeastRatio: 0.5 },
          note: `${stored.count} events in ${run.seconds} s; ${PIPELINE_SHAPE.registers} registers, ${PIPELINE_SHAPE.targets} targets, ${PIPELINE_SHAPE.models} models`,
        });
      });
      if (!ok) failures += 1;
    }

    if (wants('history')) {
      const history = await benchEnvironment();
      try {
        let storedCount = 0;
        const ok = await phase(`history of ${opts.events} events over ${HISTORY_SHAPE.registers} registers`, results, async () => {
          const stored = await publishHistory(history.bus, workload(opts.events, HISTORY_SHAPE, { seed: 5 }));
          storedCount = stored.count;
          log(`  stored at ${stored.rate} events/s; the anomaly service processes it`);
          const run = await drainBacklog(history.bus, history.env, stored.count, { profileDir: opts.profileDir && path.join(opts.profileDir, 'history') });
          results.push({
            name: `anomaly peak RSS after ${stored.count} events`,
            value: run.peakRssMb,
            unit: 'MB',
            target: { atMost: 200 },
            note: `VmHWM of the service process; ${HISTORY_SHAPE.registers} registers; processed at ${run.rate} events/s`,
          });
        });
        if (!ok) failures += 1;
        if (storedCount > 0) {
          const ok2 = await phase('audit export (ordered read of every input stream)', results, async () => {
            // Two rounds, alternating, best of each: the first read of a stream warms the server's caches.
            let ceiling = { messages: 0, rate: 0 };
            let replay = { events: 0, invalid: 0, rate: 0 };
            let undecoded = { events: 0, invalid: 0, rate: 0 };
            for (let round = 0; round < 2; round++) {
              const c = await rawOrderedRead(history.bus, INPUT_STREAMS);
              if (c.rate > ceiling.rate) ceiling = c;
              const r = await replayAll(history.bus);
              if (r.rate > replay.rate) replay = r;
              const u = await replayAll(history.bus, { undecoded: true });
              if (u.rate > undecoded.rate) undecoded = u;
            }
            results.push({ name: 'raw ordered consumer (no decoding)', value: ceiling.rate, unit: 'msg/s', note: `${ceiling.messages} messages, best of 2` });
            results.push({
              name: 'audit export: replayStream (decoded events)',
              value: replay.rate,
              unit: 'events/s',
              ceiling: { name: 'raw ordered', value: ceiling.rate },
              target: { atLeastRatio: 0.8 },
              note: `${replay.events} events, best of 2`,
            });
            results.push({
              name: 'replayStream without contract decoding',
              value: undecoded.rate,
              unit: 'events/s',
              ceiling: { name: 'raw ordered', value: ceiling.rate },
              note: 'stored JSON text handed over as is: the contract check’s share of the gap',
            });
          });
          if (!ok2) failures += 1;
          const ok4 = await phase('audit export over HTTP (GET /api/audit/events, NDJSON)', results, async () => {
            const ceiling = results.find((r) => r.name === 'raw ordered consumer (no decoding)');
            const gateway = await spawnService('gateway', { ...history.env, ...GATEWAY_AUTH, GATEWAY_PORT: '0' });
            try {
              const login = await fetch(`${gateway.url}/api/auth/login`, {
                method: 'POST',
                headers: { 'content-type': 'application/json' },
                body: JSON.stringify({ login: GATEWAY_AUTH.ADMIN_BOOTSTRAP_LOGIN, password: GATEWAY_AUTH.ADMIN_BOOTSTRAP_PASSWORD }),
              });
              const { token } = (await login.json()) as { token: string };
              const http = await auditExportHttp(gateway.url, token, INPUT_STREAMS);
              results.push({
                name: 'audit export: GET /api/audit/events (NDJSON)',
                value: http.rate,
                unit: 'events/s',
                ...(ceiling ? { ceiling: { name: 'raw ordered', value: ceiling.value } } : {}),
                target: { atLeastRatio: 0.8 },
                note: `${http.lines} lines, gateway in its own process, one stream after the other`,
              });
            } finally {
              await gateway.stop();
            }
          });
          if (!ok4) failures += 1;
          const ok3 = await phase(`re-detection of ${storedCount} events`, results, async () => {
            const r = await redetectAll(history.bus, history.env);
            results.push({ name: `re-detection of ${r.events} events`, value: r.seconds, unit: 's', note: `${r.rate} events/s, ${r.anomalies} anomalies` });
            results.push({
              name: 're-detection of 1 000 000 events',
              value: r.events >= ONE_MILLION ? r.seconds : Math.round((ONE_MILLION / r.rate) * 10) / 10,
              unit: 's',
              projected: r.events < ONE_MILLION,
              target: { atMost: 60 },
              note: r.events >= ONE_MILLION ? 'measured' : `projected from ${r.events} events at ${r.rate} events/s (--full measures it)`,
            });
          });
          if (!ok3) failures += 1;
        }
      } finally {
        await history.cleanup();
      }
    }

    if (wants('ingest')) {
      const ok = await phase(`ingest: POST /api/events, ${opts.ingestEvents} events in batches of 1000`, results, async () => {
        for (const run of await ingestThroughput(opts.ingestEvents, PIPELINE_SHAPE, opts.ingestClients)) {
          results.push({
            name: `ingest POST /api/events, ${run.clients} client${run.clients > 1 ? 's' : ''}`,
            value: run.rate,
            unit: 'events/s',
            ceiling: publishCeiling,
            target: { atLeastRatio: 0.5 },
            note: `${run.events} events, batches of 1000`,
          });
        }
      });
      if (!ok) failures += 1;
    }

    if (wants('latency')) {
      const ok = await phase(`end-to-end latency, ${opts.latencySeconds} s under ${opts.background} events/s`, results, async () => {
        const run = await endToEndLatency(opts.latencySeconds, opts.background, PIPELINE_SHAPE, { inProcess: opts.latencyInProcess });
        results.push(...latencyRows('publish → anomaly.alert.raised on ANOMALY', run.raised, undefined, run));
        results.push(...latencyRows('publish → Socket.IO push', run.socket, 100, run));
        results.push(...latencyRows('publish → Bot API sendMessage', run.bot, 500, run));
      });
      if (!ok) failures += 1;
    }

    if (wants('bundle')) {
      const ok = await phase('dashboard bundle', results, async () => {
        const b = dashboardBundle();
        results.push({ name: 'dashboard JS, gzipped', value: Math.round(b.gzip / 100) / 10, unit: 'kB', target: { atMost: 250 }, note: `${b.files} files, ${Math.round(b.js / 100) / 10} kB before gzip` });
      });
      if (!ok) failures += 1;
    }
  } finally {
    await env.cleanup();
  }
  host.loadAverageAtEnd = os.loadavg().map((l) => Math.round(l * 100) / 100);

  console.log(table(results));
  console.log(
    `\n${host.cpus} CPUs (${host.cpuModel}), node ${host.node}, nats-server ${host.natsServer}, PostgreSQL ${host.postgres}; ` +
      `load average ${host.loadAverageAtStart[0]} at start, ${host.loadAverageAtEnd[0]} at end (above ~0.5 the figures are noisy).`,
  );
  const out = path.resolve(ROOT, opts.out);
  mkdirSync(path.dirname(out), { recursive: true });
  const { only, ...sizes } = opts;
  writeFileSync(
    out,
    JSON.stringify(
      {
        at: new Date().toISOString(),
        machine: host,
        options: { ...sizes, ...(only ? { only: [...only] } : {}) },
        shapes: { pipeline: PIPELINE_SHAPE, history: HISTORY_SHAPE },
        results: results.map((m) => ({ ...m, ratio: ratio(m) === undefined ? undefined : Math.round(ratio(m)! * 1000) / 1000, verdict: verdict(m) || undefined })),
      },
      (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v),
      2,
    ) + '\n',
  );
  log(`results written to ${path.relative(ROOT, out)}`);
  return failures;
}

if (process.argv.includes('--help') || process.argv.includes('-h')) {
  console.log(USAGE);
} else {
  let opts: BenchOptions;
  try {
    opts = parseOptions(process.argv.slice(2));
  } catch (e) {
    console.error(e instanceof Error ? e.message : e);
    process.exit(2);
  }
  main(opts)
    .then((failures) => process.exit(failures > 0 ? 1 : 0))
    .catch((e) => {
      console.error(e);
      process.exit(1);
    });
}
