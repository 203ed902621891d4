import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect, createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Bus } from './bus';
import { provisionStreams } from './provision';

/** For this lib's own integration tests (@vigie/testing depends on this lib, not the other way). */
export async function testBus(name = 'messaging-test'): Promise<Bus> {
  const namespace = 't' + randomBytes(4).toString('hex');
  const bus = await Bus.connect({ url: process.env.TEST_NATS_URL || 'nats://127.0.0.1:4222', namespace, name });
  await provisionStreams(bus);
  return bus;
}

export async function destroyTestBus(bus: Bus): Promise<void> {
  const prefix = `${bus.topo.namespace.toUpperCase()}_`;
  if (!bus.topo.namespace) throw new Error('refusing to delete production streams');
  const names: string[] = [];
  for await (const n of bus.jsm.streams.names()) if (n.startsWith(prefix)) names.push(n);
  for (const n of names) await bus.jsm.streams.delete(n);
  await bus.close();
}

export async function eventually<T>(fn: () => T | Promise<T>, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await fn();
    } catch (e) {
      if (Date.now() > deadline) throw e;
      await new Promise((r) => setTimeout(r, 20));
    }
  }
}

/** A private nats-server (JetStream on, file store) that a test may stop and restart at will. */
export class PrivateNatsServer {
  private proc?: ChildProcess;
  private constructor(
    readonly port: number,
    readonly storeDir: string,
  ) {}

  get url(): string {
    return `nats://127.0.0.1:${this.port}`;
  }

  static async start(): Promise<PrivateNatsServer> {
    const server = new PrivateNatsServer(await freePort(), mkdtempSync(join(tmpdir(), 'vigie-nats-')));
    await server.restart();
    return server;
  }

  async restart(): Promise<void> {
    if (this.proc) throw new Error('already running');
    const proc = spawn('nats-server', ['-a', '127.0.0.1', '-p', String(this.port), '-js', '-sd', this.storeDir], {
      stdio: 'ignore',
    });
    this.proc = proc;
    const deadline = Date.now() + 10_000;
    while (!(await canConnect(this.port))) {
      if (proc.exitCode !== null || Date.now() > deadline) throw new Error('nats-server did not start');
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** SIGTERM (what `docker stop` sends: the server flushes its state) or SIGKILL (a crash). */
  async stop(signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM'): Promise<void> {
    const proc = this.proc;
    if (!proc) return;
    this.proc = undefined;
    if (proc.exitCode !== null) return;
    const exited = new Promise((r) => proc.once('exit', r));
    proc.kill(signal);
    await exited;
  }

  async destroy(): Promise<void> {
    await this.stop();
    rmSync(this.storeDir, { recursive: true, force: true });
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
