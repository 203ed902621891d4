// Finds the NATS and PostgreSQL that Vigie needs, and starts local ones when none answers.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';

export function hostPort(url, defaultPort) {
  const u = new URL(url);
  return { host: u.hostname || '127.0.0.1', port: Number(u.port || defaultPort) };
}

export function canConnect({ host, port }, timeoutMs = 1000) {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

async function waitFor(target, what, timeoutMs = 30000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await canConnect(target)) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${what} did not start on ${target.host}:${target.port} within ${timeoutMs / 1000} s`);
}

const has = (cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;

/** NATS with JetStream: the one at NATS_URL, else `nats-server -js` with its data under .vigie/nats. */
export async function ensureNats(url, stateDir, log = console.log) {
  const target = hostPort(url, 4222);
  if (await canConnect(target)) return { started: false };
  const bin = ['nats-server', '/usr/sbin/nats-server', '/usr/bin/nats-server'].find((b) => (b.includes('/') ? existsSync(b) : has(b)));
  if (!bin) {
    throw new Error(
      `No NATS answers at ${url} and nats-server is not installed.\n` +
        `  Install it (Debian/Ubuntu: sudo apt-get install -y nats-server) or set NATS_URL.`,
    );
  }
  const dir = path.join(stateDir, 'nats');
  mkdirSync(dir, { recursive: true });
  log(`starting nats-server -js on ${target.host}:${target.port} (data in ${dir})`);
  const child = spawn(bin, ['-a', target.host, '-p', String(target.port), '-js', '-sd', dir], {
    stdio: 'ignore',
    detached: true,
  });
  child.unref();
  await waitFor(target, 'nats-server');
  return { started: true, pid: child.pid };
}

/** PostgreSQL: the one at DATABASE_URL, else the machine's cluster (pg_ctlcluster). */
export async function ensurePostgres(url, log = console.log) {
  const target = hostPort(url, 5432);
  if (await canConnect(target)) return { started: false };
  if (has('pg_ctlcluster') && has('pg_lsclusters')) {
    const clusters = spawnSync('pg_lsclusters', ['-h'], { encoding: 'utf8' }).stdout.trim().split('\n').filter(Boolean);
    for (const line of clusters) {
      const [version, name] = line.split(/\s+/);
      log(`starting PostgreSQL cluster ${version}/${name}`);
      spawnSync('pg_ctlcluster', ['--skip-systemctl-redirect', version, name, 'start'], { stdio: 'inherit' });
    }
    await waitFor(target, 'PostgreSQL');
    return { started: true };
  }
  throw new Error(
    `No PostgreSQL answers at ${url}.\n` +
      `  Install PostgreSQL >= 15 (Debian/Ubuntu: sudo apt-get install -y postgresql) or set DATABASE_URL.`,
  );
}
