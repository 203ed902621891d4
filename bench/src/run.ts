// `npm run bench`: measures Vigie against the raw JetStream ceiling of this machine, in one run.
// Starts what it needs on the local NATS and Postgres (its own namespace and database), prints a
// table, writes bench/results/latest.json. Size with BENCH_EVENTS (default 20 000).
import 'reflect-metadata';
import { AckPolicy, DeliverPolicy } from '@nats-io/jetstream';
import { encodeEvent, type AnyEvent, type StreamId } from '@vigie/contracts';
import { EventPublisher, replayStream, type Bus } from '@vigie/messaging';
import { createTestDatabase, testEnvironment } from '@vigie/testing';
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { AnomalyEnv, persistenceOptions, redetect } from '@vigie/anomaly';
import { rate, table, timed, type Measurement } from './measure';
import { workload } from './workload';

const ROOT = path.resolve(__dirname, '..', '..');
const N = Number(process.env.BENCH_EVENTS ?? 20000);
const SHAPE = { registers: 1000, targets: 50, models: 5 };
const INPUT: StreamId[] = ['CASH', 'SYNC', 'AI', 'AUTH', 'OPS'];
const results: Measurement[] = [];
const log = (s: string) => process.stderr.write(`${s}\n`);

async function rawCeiling(bus: Bus): Promise<{ publish: number; consume: number }> {
  const name = `${bus.topo.namespace.toUpperCase()}_BENCHRAW`;
  const subject = `${bus.topo.root}.benchraw.x`;
  await bus.jsm.streams.add({ name, subjects: [`${bus.topo.root}.benchraw.>`] });
  const payload = new TextEncoder().encode(JSON.stringify({ id: 'x'.repeat(36), data: 'y'.repeat(230) }));
  const { ms: pubMs } = await timed(async () => {
    let inflight: Promise<unknown>[] = [];
    for (let i = 0; i < N; i++) {
      inflight.push(bus.js.publish(subject, payload));
      if (inflight.length >= 256) {
        await Promise.all(inflight);
        inflight = [];
      }
    }
    await Promise.all(inflight);
  });
  await bus.jsm.consumers.add(name, { durable_name: 'raw', ack_policy: AckPolicy.Explicit, deliver_policy: DeliverPolicy.All });
  const consumer = await bus.js.consumers.get(name, 'raw');
  const { ms: subMs } = await timed(async () => {
    const messages = await consumer.consume({ max_messages: 1000 });
    let n = 0;
    for await (const m of messages) {
      m.ack();
      if (++n >= N) break;
    }
    await messages.close();
  });
  await bus.jsm.streams.delete(name);
  return { publish: rate(N, pubMs), consume: rate(N, subMs) };
}

async function publishWorkload(bus: Bus, events: AnyEvent[]): Promise<number> {
  const publisher = new EventPublisher(bus);
  const { ms } = await timed(async () => {
    let inflight: Promise<unknown>[] = [];
    for (const e of events) {
      inflight.push(publisher.publish(e));
      if (inflight.length >= 256) {
        await Promise.all(inflight);
        inflight = [];
      }
    }
    await Promise.all(inflight);
  });
  return rate(events.length, ms);
}

async function pending(bus: Bus, durables: string[]): Promise<number> {
  let total = 0;
  for (const stream of INPUT) {
    for (const durable of durables) {
      try {
        const ci = await bus.jsm.consumers.info(bus.topo.streamName(stream), durable);
        total += ci.num_pending + ci.num_ack_pending;
      } catch {
        total += 1; // not created yet
      }
    }
  }
  return total;
}

async function anomalyPipeline(env: Awaited<ReturnType<typeof testEnvironment>>): Promise<{ rate: number; peakRssMb: number }> {
  const child = spawn(process.execPath, ['-r', '@swc-node/register', path.join(ROOT, 'services/anomaly/src/main.ts')], {
    cwd: ROOT,
    env: { ...process.env, ...env.env, ANOMALY_PORT: '0', LOG_LEVEL: 'error', SWC_NODE_PROJECT: path.join(ROOT, 'tsconfig.json') },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (c: Buffer) => c.toString().includes('listening') && resolve());
    child.once('exit', (code) => reject(new Error(`anomaly exited ${code}`)));
  });
  const start = Date.now();
  while ((await pending(env.bus, ['anomaly-detectors', 'anomaly-projections'])) > 0) {
    await new Promise((r) => setTimeout(r, 250));
  }
  const ms = Date.now() - start;
  const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
  const hwmKb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
  return { rate: rate(N, ms), peakRssMb: Math.round(hwmKb / 1024) };
}

async function replayAll(bus: Bus): Promise<number> {
  let n = 0;
  const { ms } = await timed(async () => {
    for (const s of INPUT) for await (const _ of replayStream(bus, s)) n++;
  });
  return rate(n, ms);
}

function bundleSize(): { js: number; gzip: number } {
  const out = mkdtempSync(path.join(tmpdir(), 'vigie-bench-web-'));
  try {
    const r = spawnSync('npx', ['vite', 'build', 'web', '--outDir', out, '--emptyOutDir', '--logLevel', 'error'], { cwd: ROOT, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(r.stderr);
    let js = 0;
    let gzip = 0;
    const assets = path.join(out, 'assets');
    for (const f of readdirSync(assets).filter((f) => f.endsWith('.js'))) {
      const buf = readFileSync(path.join(assets, f));
      js += buf.length;
      gzip += gzipSync(buf).length;
    }
    return { js, gzip };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const env = await testEnvironment({ name: 'bench' });
  try {
    log(`raw JetStream ceiling (${N} messages of ~300 bytes)…`);
    const raw = await rawCeiling(env.bus);
    results.push({ name: 'raw JetStream publish (pipelined)', value: raw.publish, unit: 'msg/s' });
    results.push({ name: 'raw JetStream consume + ack', value: raw.consume, unit: 'msg/s' });

    const events = [...workload(N, SHAPE)];
    const bytes = events.reduce((s, e) => s + encodeEvent(e).length, 0);
    log(`publishing the workload (${N} events, ${Math.round(bytes / N)} bytes on average)…`);
    const pub = await publishWorkload(env.bus, events);
    results.push({ name: 'EventPublisher (validate + publish, pipelined)', value: pub, unit: 'events/s', ceiling: raw.publish });

    log('anomaly pipeline: every detector + KPI projections, from a backlog…');
    const pipeline = await anomalyPipeline(env);
    results.push({ name: 'anomaly pipeline (12 rules + projections)', value: pipeline.rate, unit: 'events/s', ceiling: raw.consume, note: `${SHAPE.registers} registers, ${SHAPE.targets} targets, ${SHAPE.models} models` });
    results.push({ name: `anomaly service peak RSS after ${N} events`, value: pipeline.peakRssMb, unit: 'MiB' });

    log('replay (ordered read of every input stream)…');
    results.push({ name: 'replay / audit read', value: await replayAll(env.bus), unit: 'events/s', ceiling: raw.consume });

    log('re-detection over the whole history into a fresh database…');
    const db = await createTestDatabase('vigie_bench');
    try {
      const config = AnomalyEnv.parse({ ...env.env, DATABASE_URL: db.url });
      const { ms, result } = await timed(() => redetect({ bus: env.bus, persistence: persistenceOptions(config) }));
      results.push({ name: `re-detection of ${result.events} events`, value: Math.round(ms / 100) / 10, unit: 's', note: `${rate(result.events, ms)} events/s, ${result.anomalies.length} anomalies` });
    } finally {
      await db.drop();
    }

    log('dashboard bundle…');
    const bundle = bundleSize();
    results.push({ name: 'dashboard JS bundle', value: Math.round(bundle.js / 1024), unit: 'KiB' });
    results.push({ name: 'dashboard JS bundle, gzipped', value: Math.round(bundle.gzip / 1024), unit: 'KiB' });
  } finally {
    await env.cleanup();
  }
  console.log(table(results));
  mkdirSync(path.join(ROOT, 'bench', 'results'), { recursive: true });
  writeFileSync(
    path.join(ROOT, 'bench', 'results', 'latest.json'),
    JSON.stringify({ at: new Date().toISOString(), events: N, shape: SHAPE, results }, null, 2) + '\n',
  );
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
