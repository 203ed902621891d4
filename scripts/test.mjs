#!/usr/bin/env node
// `npm test`: type-check, lint, every Jest project (unit + integration + e2e against the real NATS and
// Postgres) and the dashboard's Vitest suite. Ends with one line: `N passed, N failed`.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadEnv } from './lib/env.mjs';
import { ensureNats, ensurePostgres } from './lib/infra.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const env = loadEnv(path.join(root, '.env.test'));
const out = path.join(root, '.vigie', 'test-results');
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const only = process.argv.slice(2);

let passed = 0;
let failed = 0;
const failures = [];

function run(name, cmd, args) {
  console.log(`\n▶ ${name}: ${cmd} ${args.join(' ')}`);
  return spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env });
}

function check(name, cmd, args) {
  const r = run(name, cmd, args);
  if (r.status === 0) passed += 1;
  else {
    failed += 1;
    failures.push(name);
  }
}

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

await ensureNats(env.NATS_URL ?? 'nats://127.0.0.1:4222', path.join(root, '.vigie'));
await ensurePostgres(env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');

if (only.length === 0) {
  check('typecheck', 'npx', ['tsc', '-p', 'tsconfig.json']);
  check('lint', 'npx', ['eslint', '.']);
}

const jestFile = path.join(out, 'jest.json');
// --forceExit: a stray timer or socket left by one suite must not hold CI until its time limit; the
// report is written before the exit, and suites are still expected to clean up (--detectOpenHandles).
const jest = run('jest', 'npx', ['jest', '--forceExit', '--json', `--outputFile=${jestFile}`, ...(only.length ? only : [])]);
const jr = readJson(jestFile);
if (jr) {
  passed += jr.numPassedTests;
  failed += jr.numFailedTests + jr.numRuntimeErrorTestSuites;
  for (const s of jr.testResults.filter((t) => t.status === 'failed')) failures.push(path.relative(root, s.name));
} else if (jest.status !== 0) {
  failed += 1;
  failures.push('jest (no report)');
}

if (only.length === 0 && existsSync(path.join(root, 'web', 'vite.config.mts'))) {
  const vitestFile = path.join(out, 'vitest.json');
  const vitest = run('web', 'npx', ['vitest', 'run', '--root', 'web', '--reporter=default', '--reporter=json', `--outputFile=${vitestFile}`]);
  const vr = readJson(vitestFile);
  if (vr) {
    passed += vr.numPassedTests;
    failed += vr.numFailedTests + (vr.numRuntimeErrorTestSuites ?? 0);
    if (vr.numFailedTests) failures.push('web (vitest)');
  } else if (vitest.status !== 0) {
    failed += 1;
    failures.push('web (vitest, no report)');
  }
}

if (failures.length) console.log(`\nFailed: ${failures.join(', ')}`);
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
