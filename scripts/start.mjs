#!/usr/bin/env node
// `npm start`: runs all of Vigie on this machine — NATS and Postgres (the local ones, or started here),
// every service, the dashboard and the traffic simulator — with one log, prefixed per service.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, statSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadEnv } from './lib/env.mjs';
import { ensureNats, ensurePostgres } from './lib/infra.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const env = loadEnv(path.join(root, '.env'));
env.NATS_URL ||= 'nats://127.0.0.1:4222';
env.DATABASE_URL ||= 'postgres://postgres@127.0.0.1:5432/vigie';
const stateDir = path.join(root, '.vigie');
mkdirSync(stateDir, { recursive: true });
/** A secret generated once for this machine and kept in .vigie/ (git-ignored), unless the env gives one. */
function localSecret(file, bytes) {
  const p = path.join(stateDir, file);
  if (existsSync(p)) return readFileSync(p, 'utf8').trim();
  const value = randomBytes(bytes).toString('base64url');
  writeFileSync(p, value + '\n', { mode: 0o600 });
  return value;
}
// `||=`: an empty `KEY=` line in .env means "not set" here too.
env.AUTH_SECRET ||= localSecret('auth-secret', 32);
env.INGEST_TOKENS ||= localSecret('ingest-token', 24);
env.ANOMALY_URL ||= `http://127.0.0.1:${env.ANOMALY_PORT || 3110}`;
env.MONITOR_URL ||= `http://127.0.0.1:${env.MONITOR_PORT || 3140}`;
env.REPORTING_URL ||= `http://127.0.0.1:${env.REPORTING_PORT || 3130}`;
env.NOTIFICATION_URL ||= `http://127.0.0.1:${env.NOTIFICATION_PORT || 3120}`;
let firstAdmin;
if (!env.ADMIN_BOOTSTRAP_LOGIN) {
  // Used by the gateway only while no account exists: the first start creates this super-admin.
  const known = existsSync(path.join(stateDir, 'admin-password'));
  env.ADMIN_BOOTSTRAP_LOGIN = 'admin';
  env.ADMIN_BOOTSTRAP_PASSWORD = localSecret('admin-password', 18);
  if (!known) firstAdmin = env.ADMIN_BOOTSTRAP_PASSWORD;
}
const simulating = !process.argv.includes('--no-simulator') && env.SIMULATOR !== 'off';
if (!env.SYNC_TARGETS) {
  // Out of the box, real export targets: a CSV summary into .vigie/exports every minute, and (with the
  // simulator) an accounting partner it runs on port 3192, which it can make fail (sync-outage).
  const exports = path.join(stateDir, 'exports');
  mkdirSync(exports, { recursive: true });
  const targets = [{ name: 'archive-locale', kind: 'directory', siteId: 'site-1', path: exports, scheduleMs: 60000 }];
  if (simulating) {
    targets.push({ name: 'compta-simulee', kind: 'http-put', siteId: 'site-1', url: `http://127.0.0.1:${env.SIMULATOR_PARTNER_PORT || 3192}/exports/` });
  }
  env.SYNC_TARGETS = JSON.stringify(targets);
}
if (simulating) {
  // The simulator logs in and sends heartbeats through the ingest API, and plays the AI model server
  // (port 3191) so that ai-degradation goes through the real breaker and fallback.
  env.INGEST_TOKEN ||= env.INGEST_TOKENS.split(',')[0];
  if (!env.AI_PROVIDER) {
    env.AI_PROVIDER = 'http';
    env.AI_PROVIDER_URL = `http://127.0.0.1:${env.SIMULATOR_MODEL_PORT || 3191}/v1/classify`;
    env.AI_PROVIDER_MODEL = 'simu-vision-1';
  }
  env.SIMULATOR_SCENARIOS ||= 'all';
}

// Order matters only for a tidy log: consumers and the gateway first, producers last.
export const SERVICES = ['gateway', 'anomaly', 'notification', 'reporting', 'monitor', 'ai', 'sync', 'cash', 'simulator'];
const COLORS = [36, 35, 33, 32, 34, 31, 90, 96, 95];

function log(name, line, color = 1) {
  process.stdout.write(`\x1b[${color}m${name.padEnd(12)}\x1b[0m ${line}\n`);
}

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist') continue;
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

function buildWebIfStale() {
  const dist = path.join(root, 'web', 'dist', 'index.html');
  if (!existsSync(path.join(root, 'web', 'index.html'))) return;
  if (existsSync(dist) && statSync(dist).mtimeMs > newestMtime(path.join(root, 'web', 'src'))) return;
  log('web', 'building the dashboard (vite build)…');
  const r = spawnSync('npx', ['vite', 'build', 'web', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit', env });
  if (r.status !== 0) throw new Error('the dashboard did not build');
}

const children = new Map();
let stopping = false;

function startService(name, index) {
  const main = path.join(root, 'services', name, 'src', 'main.ts');
  if (!existsSync(main)) return;
  const child = spawn(process.execPath, ['--enable-source-maps', '-r', '@swc-node/register', main], {
    cwd: root,
    env: { ...env, SWC_NODE_PROJECT: path.join(root, 'tsconfig.json'), NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.set(name, child);
  const color = COLORS[index % COLORS.length];
  for (const stream of [child.stdout, child.stderr]) {
    let buffer = '';
    stream.on('data', (chunk) => {
      buffer += chunk;
      const lines = buffer.split('\n');
      buffer = lines.pop();
      for (const line of lines) log(name, line, color);
    });
  }
  child.on('exit', (code, signal) => {
    children.delete(name);
    if (!stopping) log(name, `exited (${signal ?? code}); the other services keep running`, 31);
  });
}

function stopAll() {
  if (stopping) return;
  stopping = true;
  log('vigie', 'stopping…');
  for (const child of children.values()) child.kill('SIGTERM');
  setTimeout(() => {
    for (const child of children.values()) child.kill('SIGKILL');
    process.exit(0);
  }, 10000).unref();
  const check = setInterval(() => {
    if (children.size === 0) {
      clearInterval(check);
      process.exit(0);
    }
  }, 100);
}

process.on('SIGINT', stopAll);
process.on('SIGTERM', stopAll);

try {
  await ensureNats(env.NATS_URL, stateDir, (l) => log('vigie', l));
  await ensurePostgres(env.DATABASE_URL, (l) => log('vigie', l));
  buildWebIfStale();
} catch (e) {
  log('vigie', e.message, 31);
  process.exit(1);
}
if (!env.TELEGRAM_BOT_TOKEN) log('vigie', 'TELEGRAM_BOT_TOKEN is not set: Telegram is off, alerts reach the dashboard only');
SERVICES.filter((s) => simulating || s !== 'simulator').forEach(startService);
log('vigie', `dashboard: http://${env.HOST ?? '127.0.0.1'}:${env.GATEWAY_PORT ?? 3000}/  (Ctrl-C stops everything)`);
if (firstAdmin) {
  log('vigie', 'first start: a super-admin "admin" was created; its password is in .vigie/admin-password (cat it, then change it)');
} else if (env.ADMIN_BOOTSTRAP_LOGIN === 'admin') {
  log('vigie', 'log in as "admin" with the password in .vigie/admin-password');
}
