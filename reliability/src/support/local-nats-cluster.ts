import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** One member of the cluster: a nats-server process with its own ports, store and log. */
export interface ClusterNode {
  /** `server_name`, as JetStream reports leaders and replicas. */
  readonly name: string;
  readonly url: string;
  readonly clientPort: number;
  readonly clusterPort: number;
  readonly httpPort: number;
  readonly storeDir: string;
  readonly logFile: string;
}

export interface LocalNatsClusterOptions {
  /** The `server_name` of each member. */
  names: readonly string[];
  /** The configuration file of one member, knowing every member's ports and store. */
  configFor(node: ClusterNode, members: readonly ClusterNode[]): string;
  /** How long every node may take to join the cluster and agree on a JetStream meta leader. */
  readyTimeoutMs?: number;
}

/** The Debian package installs the server in /usr/sbin, which is not on a normal user's PATH. */
export function natsServerBinary(): string {
  if (process.env.NATS_SERVER_BIN) return process.env.NATS_SERVER_BIN;
  return existsSync('/usr/sbin/nats-server') ? '/usr/sbin/nats-server' : 'nats-server';
}

/**
 * A JetStream cluster of nats-server processes on loopback, for tests that kill members. Every port
 * is free when chosen, every store is a fresh temp dir, and `destroy()` (also run if the test process
 * exits without it) leaves no process and no directory behind.
 */
export class LocalNatsCluster {
  private readonly procs = new Map<string, ChildProcess>();
  private readonly onExit = () => this.killAllNow();
  private destroyed = false;

  private constructor(
    readonly nodes: readonly ClusterNode[],
    private readonly dir: string,
    private readonly configFor: LocalNatsClusterOptions['configFor'],
  ) {}

  static async start(opts: LocalNatsClusterOptions): Promise<LocalNatsCluster> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await LocalNatsCluster.startOnce(opts);
      } catch (e) {
        // A port found free may be taken by another process before the server binds it: new ports.
        if (!(e instanceof NodeExitedError) || attempt >= 3) throw e;
      }
    }
  }

  private static async startOnce(opts: LocalNatsClusterOptions): Promise<LocalNatsCluster> {
    const ports = await freePorts(opts.names.length * 3);
    const dir = mkdtempSync(join(tmpdir(), 'vigie-nats-cluster-'));
    const nodes = opts.names.map((name, i): ClusterNode => {
      const [clientPort, clusterPort, httpPort] = ports.slice(i * 3, i * 3 + 3);
      return {
        name,
        url: `nats://127.0.0.1:${clientPort}`,
        clientPort,
        clusterPort,
        httpPort,
        storeDir: join(dir, name, 'store'),
        logFile: join(dir, name, 'server.log'),
      };
    });
    const cluster = new LocalNatsCluster(nodes, dir, opts.configFor);
    process.once('exit', cluster.onExit);
    try {
      for (const node of nodes) cluster.spawnNode(node);
      await cluster.waitUntilReady(opts.readyTimeoutMs ?? 30_000);
    } catch (e) {
      await cluster.destroy();
      throw e;
    }
    return cluster;
  }

  /** The client URLs of every member, comma-separated (what `Bus.connect` accepts). */
  get urls(): string {
    return this.nodes.map((n) => n.url).join(',');
  }

  node(name: string): ClusterNode {
    const node = this.nodes.find((n) => n.name === name);
    if (!node) throw new Error(`no cluster node named ${name} (have ${this.nodes.map((n) => n.name).join(', ')})`);
    return node;
  }

  isRunning(name: string): boolean {
    return this.procs.has(name);
  }

  /** SIGKILL is a crash: no lame-duck mode, no flush, the routes just drop. */
  async kill(name: string, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    this.node(name);
    const proc = this.procs.get(name);
    if (!proc) return;
    this.procs.delete(name);
    if (proc.exitCode !== null || proc.signalCode !== null) return;
    const exited = new Promise((resolve) => proc.once('exit', resolve));
    proc.kill(signal);
    await exited;
  }

  /** The end of a node's log, to say what the server saw when a test fails. */
  logTail(name: string, lines = 40): string {
    try {
      return readFileSync(this.node(name).logFile, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
    } catch {
      return '(no log)';
    }
  }

  /** Kills every member still running and deletes the stores and logs. Safe to call twice. */
  async destroy(): Promise<void> {
    if (this.destroyed) return;
    this.destroyed = true;
    await Promise.all([...this.procs.keys()].map((name) => this.kill(name)));
    process.removeListener('exit', this.onExit);
    rmSync(this.dir, { recursive: true, force: true });
  }

  private spawnNode(node: ClusterNode): void {
    mkdirSync(node.storeDir, { recursive: true });
    const config = join(this.dir, node.name, 'server.conf');
    writeFileSync(config, this.configFor(node, this.nodes));
    const log = openSync(node.logFile, 'a');
    try {
      const proc = spawn(natsServerBinary(), ['-c', config], { stdio: ['ignore', log, log] });
      proc.once('error', () => this.procs.delete(node.name));
      this.procs.set(node.name, proc);
    } finally {
      closeSync(log);
    }
  }

  /** Every member routes to every other and knows the JetStream meta leader. */
  private async waitUntilReady(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let lastProblem = 'not checked yet';
    for (;;) {
      const dead = this.nodes.find((n) => {
        const proc = this.procs.get(n.name);
        return !proc || proc.exitCode !== null || proc.signalCode !== null;
      });
      if (dead) throw new NodeExitedError(`nats-server ${dead.name} exited while starting:\n${this.logTail(dead.name)}`);
      lastProblem = (await Promise.all(this.nodes.map((n) => this.notReadyBecause(n)))).filter(Boolean).join('; ');
      if (!lastProblem) return;
      if (Date.now() > deadline) {
        throw new Error(`the NATS cluster was not ready within ${timeoutMs} ms: ${lastProblem}\n${this.logTail(this.nodes[0].name)}`);
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  private async notReadyBecause(node: ClusterNode): Promise<string | undefined> {
    try {
      const base = `http://127.0.0.1:${node.httpPort}`;
      const routez = (await (await fetch(`${base}/routez`, { signal: AbortSignal.timeout(2000) })).json()) as { num_routes?: number };
      if ((routez.num_routes ?? 0) < this.nodes.length - 1) return `${node.name} has ${routez.num_routes ?? 0} routes`;
      const jsz = (await (await fetch(`${base}/jsz`, { signal: AbortSignal.timeout(2000) })).json()) as {
        meta_cluster?: { leader?: string };
      };
      if (!jsz.meta_cluster?.leader) return `${node.name} knows no JetStream meta leader`;
      return undefined;
    } catch (e) {
      return `${node.name} monitoring: ${(e as Error).message}`;
    }
  }

  private killAllNow(): void {
    for (const proc of this.procs.values()) proc.kill('SIGKILL');
  }
}

class NodeExitedError extends Error {}

/** Distinct free loopback ports: all listened on at once, so none is handed out twice. */
async function freePorts(count: number): Promise<number[]> {
  const servers: Server[] = [];
  try {
    for (let i = 0; i < count; i++) {
      servers.push(
        await new Promise<Server>((resolve, reject) => {
          const srv = createServer();
          srv.once('error', reject);
          srv.listen(0, '127.0.0.1', () => resolve(srv));
        }),
      );
    }
    return servers.map((s) => (s.address() as AddressInfo).port);
  } finally {
    await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  }
}
