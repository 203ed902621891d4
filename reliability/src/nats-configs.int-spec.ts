import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEPLOY_NATS_MEMBERS, deployConfigPath, REPO_ROOT } from './support/deploy-nats-config';
import { natsServerBinary } from './support/local-nats-cluster';

const K8S_CONFIG = join(REPO_ROOT, 'deploy', 'k8s', 'nats', 'nats.conf');

/** `nats-server -t`: parses the file as the server would (unknown fields, bad values) and exits. */
function check(file: string, env: Record<string, string> = {}) {
  const r = spawnSync(natsServerBinary(), ['-t', '-c', file], { encoding: 'utf8', env: { ...process.env, ...env }, timeout: 10_000 });
  return { status: r.status, output: `${r.stdout}${r.stderr}`.trim() };
}

const routesOf = (text: string) => [...text.matchAll(/nats-route:\/\/([^\s,\]]+)/g)].map((m) => m[1]);

describe('NATS configuration files of deploy/', () => {
  it.each(DEPLOY_NATS_MEMBERS)('deploy/nats/%s.conf is valid for this nats-server', (name) => {
    expect(check(deployConfigPath(name))).toEqual({ status: 0, output: expect.stringContaining('is valid') });
  });

  it('describes one cluster: the same file on every node but its server_name, routes to all three', () => {
    const texts = DEPLOY_NATS_MEMBERS.map((name) => readFileSync(deployConfigPath(name), 'utf8'));
    const names = texts.map((t) => t.match(/^server_name: (\S+)$/m)?.[1]);
    expect(names).toEqual([...DEPLOY_NATS_MEMBERS]);
    const generic = texts.map((t, i) => t.replace(/^server_name: .*$/m, '').replace(`node ${i + 1} of 3`, 'node N of 3'));
    expect(new Set(generic).size).toBe(1);
    expect(routesOf(texts[0])).toEqual(DEPLOY_NATS_MEMBERS.map((n) => `${n}:6222`));
  });

  it.each(['nats-0', 'nats-1', 'nats-2'])('deploy/k8s/nats/nats.conf is valid for pod %s of the StatefulSet', (pod) => {
    expect(check(K8S_CONFIG, { POD_NAME: pod })).toEqual({ status: 0, output: expect.stringContaining('is valid') });
  });

  it('routes the Kubernetes pods to each other through the headless Service', () => {
    expect(routesOf(readFileSync(K8S_CONFIG, 'utf8'))).toEqual(['nats-0', 'nats-1', 'nats-2'].map((p) => `${p}.nats-headless:6222`));
  });
});
