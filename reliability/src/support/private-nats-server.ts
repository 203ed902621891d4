import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { natsServerBinary } from './local-nats-cluster';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * One JetStream nats-server of a test's own (`nats-server -js -p <port> -sd <dir>` on loopback), which it
 * may stop and start again on the same port and store, as an operator restarting NATS would.
 */
export class PrivateNatsServer {
  private proc?: ChildProcess;
  private readonly onExit = () => this.proc?.kill('SIGKILL');

  private constructor(
    readonly port: number,
    readonly monitorPort: number,
    private readonly dir: string,
  ) {}

  get url(): string {
    return `nats://127.0.0.1:${this.port}`;
  }

  static async start(): Promise<PrivateNatsServer> {
    const server = new PrivateNatsServer(await freePort(), await freePort(), mkdtempSync(join(tmpdir(), 'vigie-nats-')));
    process.once('exit', server.onExit);
    try {
      await server.restart();
    } catch (e) {
      await server.destroy();
      throw e;
    }
    return server;
  }

  /** Starts the server (again) on the same port and store; resolves once JetStream is ready. */
  async restart(timeoutMs = 30_000): Promise<void> {
    const log = openSync(join(this.dir, 'server.log'), 'a');
    try {
      this.proc = spawn(
        natsServerBinary(),
        ['-a', '127.0.0.1', '-p', String(this.port), '-m', String(this.monitorPort), '-js', '-sd', join(this.dir, 'store')],
        { stdio: ['ignore', log, log] },
      );
    } finally {
      closeSync(log);
    }
    const proc = this.proc;
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (proc.exitCode !== null || proc.signalCode !== null) throw new Error(`nats-server exited while starting:\n${this.logTail()}`);
      const ok = await fetch(`http://127.0.0.1:${this.monitorPort}/healthz?js-enabled-only=true`, { signal: AbortSignal.timeout(1000) }).then(
        (r) => r.status === 200,
        () => false,
      );
      if (ok) return;
      if (Date.now() > deadline) throw new Error(`nats-server not ready within ${timeoutMs} ms:\n${this.logTail()}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** SIGTERM is an orderly stop (clients see the connection close); SIGKILL a crash. */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    const proc = this.proc;
    this.proc = undefined;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
    const exited = new Promise((resolve) => proc.once('exit', resolve));
    proc.kill(signal);
    const timer = setTimeout(() => proc.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }

  logTail(lines = 30): string {
    try {
      return readFileSync(join(this.dir, 'server.log'), 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
    } catch {
      return '(no log)';
    }
  }

  /** Stops the server and deletes its store and log. */
  async destroy(): Promise<void> {
    await this.stop('SIGKILL');
    process.removeListener('exit', this.onExit);
    rmSync(this.dir, { recursive: true, force: true });
  }
}
