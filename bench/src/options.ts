export interface BenchOptions {
  /** Raw JetStream ceiling: messages published then consumed. */
  raw: number;
  /** Anomaly pipeline throughput: a backlog over 1 000 registers. */
  pipelineEvents: number;
  /** History over 10 000 registers: anomaly peak RSS, audit export, re-detection. */
  events: number;
  ingestEvents: number;
  ingestClients: number;
  latencySeconds: number;
  background: number;
  only?: Set<Phase>;
  /** Latency with the three services in the bench process (as the e2e tests start them) instead of one process each. */
  latencyInProcess: boolean;
  /** Directory for `node --cpu-prof` profiles of the anomaly service processes. */
  profileDir?: string;
  /** Where the JSON results go. */
  out: string;
  mode: 'default' | 'full' | 'smoke';
}

export const PHASES = ['pipeline', 'history', 'ingest', 'latency', 'bundle'] as const;
export type Phase = (typeof PHASES)[number];

const DEFAULTS: Record<BenchOptions['mode'], Omit<BenchOptions, 'only' | 'profileDir' | 'out' | 'mode' | 'latencyInProcess'>> = {
  default: { raw: 50_000, pipelineEvents: 50_000, events: 100_000, ingestEvents: 20_000, ingestClients: 4, latencySeconds: 30, background: 1000 },
  full: { raw: 200_000, pipelineEvents: 200_000, events: 1_000_000, ingestEvents: 100_000, ingestClients: 4, latencySeconds: 60, background: 1000 },
  smoke: { raw: 2_000, pipelineEvents: 2_000, events: 2_000, ingestEvents: 2_000, ingestClients: 2, latencySeconds: 5, background: 200 },
};

export const USAGE = `npm run bench -- [--full | --smoke] [--events N] [--pipeline-events N] [--raw N]
    [--ingest-events N] [--ingest-clients N] [--latency-seconds S] [--background N]
    [--latency-in-process] [--only ${PHASES.join(',')}] [--profile DIR] [--out FILE]
  default: ~3 min; --full: the issue's sizes (1 000 000 events); --smoke: seconds, for CI`;

const NUMERIC: Record<string, keyof BenchOptions> = {
  '--events': 'events',
  '--pipeline-events': 'pipelineEvents',
  '--raw': 'raw',
  '--ingest-events': 'ingestEvents',
  '--ingest-clients': 'ingestClients',
  '--latency-seconds': 'latencySeconds',
  '--background': 'background',
};

export function parseOptions(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): BenchOptions {
  const mode = argv.includes('--smoke') ? 'smoke' : argv.includes('--full') ? 'full' : 'default';
  const opts: BenchOptions = {
    ...DEFAULTS[mode],
    mode,
    latencyInProcess: false,
    out: mode === 'smoke' ? 'bench/results/smoke.json' : 'bench/results/latest.json',
  };
  if (env.BENCH_EVENTS) opts.events = positive('BENCH_EVENTS', env.BENCH_EVENTS);
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--full' || arg === '--smoke') continue;
    if (arg === '--latency-in-process') {
      opts.latencyInProcess = true;
      continue;
    }
    const value = argv[i + 1];
    if (arg in NUMERIC) {
      (opts as unknown as Record<string, number>)[NUMERIC[arg]] = positive(arg, value);
      i += 1;
    } else if (arg === '--only') {
      const phases = (value ?? '').split(',').filter(Boolean);
      const unknown = phases.filter((p) => !(PHASES as readonly string[]).includes(p));
      if (phases.length === 0 || unknown.length) throw new Error(`--only takes phases among ${PHASES.join(', ')}\n${USAGE}`);
      opts.only = new Set(phases as Phase[]);
      i += 1;
    } else if (arg === '--profile' || arg === '--out') {
      if (!value || value.startsWith('--')) throw new Error(`${arg} needs a path\n${USAGE}`);
      if (arg === '--profile') opts.profileDir = value;
      else opts.out = value;
      i += 1;
    } else {
      throw new Error(`unknown option ${arg}\n${USAGE}`);
    }
  }
  return opts;
}

function positive(name: string, value: string | undefined): number {
  const n = Number(value?.replace(/_/g, ''));
  if (!Number.isSafeInteger(n) || n <= 0) throw new Error(`${name} needs a positive whole number (got ${value})\n${USAGE}`);
  return n;
}
