import { DURABLES, encodeEvent, eventSubject, type AnyEvent, type StreamId } from '@vigie/contracts';
import type { Bus } from '@vigie/messaging';
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pipelined } from './ceilings';
import { rate, timed } from './measure';

export const ROOT = path.resolve(__dirname, '..', '..');
export const INPUT_STREAMS: readonly StreamId[] = ['CASH', 'SYNC', 'AI', 'AUTH', 'OPS'];

/** Stores a history as producers would (subject of its type, event id as Nats-Msg-Id), without re-validating it. */
export async function publishHistory(bus: Bus, events: Iterable<AnyEvent>): Promise<{ count: number; bytes: number; rate: number }> {
  let bytes = 0;
  const { ms, result: count } = await timed(() =>
    pipelined(events, (e) => {
      const payload = encodeEvent(e);
      bytes += payload.length;
      return bus.js.publish(eventSubject(bus.topo, e), payload, { msgID: e.id });
    }),
  );
  return { count, bytes, rate: rate(count, ms) };
}

/** Messages the anomaly service's durables (detectors, KPI projections) still have to process. */
async function remaining(bus: Bus): Promise<{ detectors: number; all: number; consumers: number }> {
  let detectors = 0;
  let all = 0;
  let consumers = 0;
  for (const stream of [...INPUT_STREAMS, 'DEADLETTER' as const]) {
    for await (const ci of bus.jsm.consumers.list(bus.topo.streamName(stream))) {
      if (!ci.name.startsWith('anomaly-')) continue;
      consumers += 1;
      const left = ci.num_pending + ci.num_ack_pending;
      all += left;
      if (ci.name === DURABLES.anomalyDetectors) detectors += left;
    }
  }
  return { detectors, all, consumers };
}

export interface PipelineRun {
  /** Events/s from the moment the service listens until every durable has acked everything. */
  rate: number;
  events: number;
  seconds: number;
  /** VmHWM of the service's process, MB (10^6 bytes). */
  peakRssMb: number;
  bootSeconds: number;
}

export interface AnomalyProcessOptions {
  /** Directory for a `node --cpu-prof` profile of the service; none by default. */
  profileDir?: string;
}

export interface ServiceProcess {
  name: string;
  pid: number;
  url: string;
  /** Closes its stdin (it stops and exits), SIGKILL after 15 s. */
  stop(): Promise<void>;
}

/** Starts `bench/src/service-child.ts <name>` with `env` and waits until it listens. */
export async function spawnService(name: string, env: Record<string, string>, opts: AnomalyProcessOptions = {}): Promise<ServiceProcess> {
  const args = ['-r', '@swc-node/register'];
  if (opts.profileDir) {
    mkdirSync(opts.profileDir, { recursive: true });
    args.push('--cpu-prof', '--cpu-prof-dir', opts.profileDir);
  }
  args.push(path.join(ROOT, 'bench/src/service-child.ts'), name);
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: {
      ...process.env,
      LOG_LEVEL: 'error',
      ...env,
      SWC_NODE_PROJECT: path.join(ROOT, 'tsconfig.json'),
      // e.g. `--max-old-space-size=128`: how much of the peak RSS is V8 letting its heap grow.
      ...(name === 'anomaly' && process.env.BENCH_ANOMALY_NODE_OPTIONS ? { NODE_OPTIONS: process.env.BENCH_ANOMALY_NODE_OPTIONS } : {}),
    },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  child.stdin!.on('error', () => undefined);
  const stop = async () => {
    child.stdin!.end();
    const timer = setTimeout(() => child.kill('SIGKILL'), 15000);
    await exited;
    clearTimeout(timer);
  };
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout!.on('data', (c: Buffer) => {
        out += c.toString();
        const m = / listening on (\S+)/.exec(out);
        if (m) resolve(m[1]);
      });
      void exited.then((code) => reject(new Error(`${name} exited with ${code} before listening`)));
    });
    return { name, pid: child.pid!, url, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}

/**
 * Starts the real anomaly service (its own process) on a backlog already stored, and times it from
 * the moment it listens until its durables have acked every event: every detector, the anomaly
 * projection and the KPI projections written, checkpoints committed.
 */
export async function drainBacklog(
  bus: Bus,
  env: Record<string, string>,
  events: number,
  opts: AnomalyProcessOptions = {},
): Promise<PipelineRun> {
  const spawnedAt = performance.now();
  const service = await spawnService('anomaly', { ...env, ANOMALY_PORT: '0' }, opts);
  try {
    const start = performance.now();
    let left = await remaining(bus);
    const atStart = left.detectors;
    while (left.all > 0 || left.consumers === 0) {
      await new Promise((r) => setTimeout(r, 100));
      left = await remaining(bus);
    }
    const ms = performance.now() - start;
    const status = readFileSync(`/proc/${service.pid}/status`, 'utf8');
    const hwmKb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? NaN);
    return {
      rate: rate(atStart, ms),
      events,
      seconds: Math.round(ms / 100) / 10,
      peakRssMb: Math.round((hwmKb * 1024) / 1e6),
      bootSeconds: Math.round((start - spawnedAt) / 100) / 10,
    };
  } finally {
    await service.stop();
  }
}
