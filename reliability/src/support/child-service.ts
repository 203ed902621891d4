import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..', '..');

/**
 * A service run as production runs it — its own Node process from `services/<name>/src/main.ts` — with
 * everything it prints kept, so a test can kill it (`kill -9`) or read its logs.
 */
export class ChildService {
  private readonly output: string[] = [];
  private exited?: Promise<number | null>;

  private constructor(
    readonly name: string,
    private readonly proc: ChildProcess,
    readonly url: string,
  ) {}

  static async start(name: string, env: Record<string, string>, timeoutMs = 90_000): Promise<ChildService> {
    const proc = spawn(process.execPath, ['-r', '@swc-node/register', `services/${name}/src/main.ts`], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', NODE_ENV: 'production', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const lines: string[] = [];
    const exited = new Promise<number | null>((resolve) => proc.once('exit', (code, signal) => resolve(code ?? (signal ? -1 : null))));
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${name} did not start in ${timeoutMs} ms:\n${lines.join('').slice(-3000)}`)), timeoutMs);
      const onData = (chunk: Buffer) => {
        lines.push(chunk.toString('utf8'));
        const m = /listening on (http:\/\/[^\s]+)/.exec(lines.join(''));
        if (m) {
          clearTimeout(timer);
          resolve(m[1]);
        }
      };
      proc.stdout!.on('data', onData);
      proc.stderr!.on('data', onData);
      void exited.then((code) => {
        clearTimeout(timer);
        reject(new Error(`${name} exited (${code}) before listening:\n${lines.join('').slice(-3000)}`));
      });
    });
    const child = new ChildService(name, proc, url);
    child.output.push(...lines);
    proc.stdout!.removeAllListeners('data');
    proc.stderr!.removeAllListeners('data');
    proc.stdout!.on('data', (c: Buffer) => child.output.push(c.toString('utf8')));
    proc.stderr!.on('data', (c: Buffer) => child.output.push(c.toString('utf8')));
    child.exited = exited;
    return child;
  }

  /** Everything the process wrote on stdout and stderr so far. */
  logs(): string {
    return this.output.join('');
  }

  /** SIGTERM (graceful shutdown) or SIGKILL (a crash); resolves once the process is gone. */
  async stop(signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM', timeoutMs = 20_000): Promise<void> {
    if (this.proc.exitCode !== null || this.proc.signalCode !== null) return;
    this.proc.kill(signal);
    const timer = setTimeout(() => this.proc.kill('SIGKILL'), timeoutMs);
    await this.exited;
    clearTimeout(timer);
  }
}
