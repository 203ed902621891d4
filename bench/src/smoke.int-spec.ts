import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');

/** CI's check of the bench: the smoke sizes run every phase end to end and produce the table. No timing is asserted. */
describe('npm run bench -- --smoke', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'vigie-bench-smoke-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('measures every figure, prints the table and writes the results with the machine', async () => {
    const out = path.join(dir, 'smoke.json');
    const child = spawn(process.execPath, ['-r', '@swc-node/register', 'bench/src/run.ts', '--smoke', '--out', out], {
      cwd: ROOT,
      env: { ...process.env, SWC_NODE_PROJECT: path.join(ROOT, 'tsconfig.json') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    if (code !== 0) throw new Error(`bench exited ${code}\n${stdout}\n${stderr.slice(-4000)}`);

    expect(stdout).toMatch(/^measure\s+value\s+unit\s+raw ceiling \(same run\)\s+ratio\s+target\s+verdict\s+note$/m);
    const results = JSON.parse(readFileSync(out, 'utf8')) as {
      machine: { cpus: number; node: string; natsServer: string };
      results: { name: string; value: number | string; verdict?: string }[];
    };
    expect(results.machine).toMatchObject({ cpus: expect.any(Number), node: process.version, natsServer: expect.stringMatching(/^\d+\.\d+/) });
    const names = results.results.map((r) => r.name);
    for (const figure of [
      /^raw JetStream publish/,
      /^raw JetStream consume/,
      /^anomaly pipeline/,
      /^anomaly peak RSS/,
      /^raw ordered consumer/,
      /^audit export/,
      /^re-detection of 1 000 000 events$/,
      /^ingest POST \/api\/events, 1 client$/,
      /^latency publish → Socket\.IO push p99$/,
      /^latency publish → Bot API sendMessage p99$/,
      /^dashboard JS, gzipped$/,
    ]) {
      expect(names.some((n) => figure.test(n))).toBe(true);
    }
    expect(names.filter((n) => n.endsWith('FAILED'))).toEqual([]);
    for (const r of results.results) {
      // A latency probe that never arrived is ∞ (a miss, not a crash); every other figure is a number.
      if (typeof r.value === 'string') expect(r.value).toBe('Infinity');
      else expect(Number.isFinite(r.value)).toBe(true);
      if (r.verdict) expect(stdout).toContain(r.name);
    }
  }, 600_000);
});
