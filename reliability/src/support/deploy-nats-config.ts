import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ClusterNode } from './local-nats-cluster';

export const REPO_ROOT = join(__dirname, '..', '..', '..');
export const DEPLOY_NATS_DIR = join(REPO_ROOT, 'deploy', 'nats');
/** The members of the cluster deploy/nats describes, by server_name: one nats-<n>.conf each. */
export const DEPLOY_NATS_MEMBERS = ['nats-1', 'nats-2', 'nats-3'] as const;

export function deployConfigPath(name: string): string {
  return join(DEPLOY_NATS_DIR, `${name}.conf`);
}

/**
 * deploy/nats/<name>.conf as it is shipped, moved onto loopback: its ports, route host names and store
 * become the test's. Everything else (JetStream limits, cluster name, lame duck) is left as is. Throws
 * when the file no longer has the expected shape, so a change to it is looked at here too.
 */
export function deployConfigOnLoopback(node: ClusterNode, members: readonly ClusterNode[]): string {
  const file = deployConfigPath(node.name);
  let text = readFileSync(file, 'utf8');
  const replaceOnce = (pattern: RegExp, by: string) => {
    const found = text.match(new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : pattern.flags + 'g'));
    if (found?.length !== 1) throw new Error(`${file}: expected exactly one match of ${pattern}, found ${found?.length ?? 0}`);
    text = text.replace(pattern, by);
  };
  replaceOnce(new RegExp(`^server_name: ${node.name}$`, 'm'), `server_name: ${node.name}`);
  replaceOnce(/^port: 4222$/m, `listen: 127.0.0.1:${node.clientPort}`);
  replaceOnce(/^http_port: 8222$/m, `http: 127.0.0.1:${node.httpPort}`);
  replaceOnce(/^(\s+)port: 6222$/m, `$1listen: 127.0.0.1:${node.clusterPort}`);
  replaceOnce(/^(\s+)store_dir: \/data$/m, `$1store_dir: "${node.storeDir}"`);
  for (const m of members) replaceOnce(new RegExp(`nats-route://${m.name}:6222`), `nats-route://127.0.0.1:${m.clusterPort}`);
  return text;
}
