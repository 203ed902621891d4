import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..', '..', '..');

export interface ChildService {
  process: ChildProcess;
  url: string;
}

/**
 * Starts a Vigie service the way `npm start` does (its main.ts through swc), in its own process: a
 * real neighbour for integration tests, which may not import another service's code.
 */
export function startChildService(service: string, env: Record<string, string>): Promise<ChildService> {
  const main = path.join(ROOT, 'services', service, 'src', 'main.ts');
  const child = spawn(process.execPath, ['-r', '@swc-node/register', main], {
    cwd: ROOT,
    env: { ...process.env, ...env, SWC_NODE_PROJECT: path.join(ROOT, 'tsconfig.json') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk;
      const m = new RegExp(`${service} listening on (http://\\S+)`).exec(output);
      if (m) resolve({ process: child, url: m[1] });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`${service} exited (${code}) before listening:\n${output}`)));
  });
}

export function killChild(child: ChildProcess, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill(signal);
  });
}
