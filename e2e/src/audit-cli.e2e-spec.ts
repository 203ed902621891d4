import { startAnomaly } from '@vigie/anomaly';
import { centsToEuros, createEvent, DURABLES, eurosToCents, type AnyEvent, type AuditEventLine, type ReplayResult, type StreamId } from '@vigie/contracts';
import { startGateway } from '@vigie/gateway';
import type { RunningService } from '@vigie/health';
import { EventPublisher } from '@vigie/messaging';
import { testEnvironment, type TestEnvironment } from '@vigie/testing';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';

const ROOT = path.resolve(__dirname, '../..');
const MAIN = path.join(ROOT, 'services/cli/src/main.ts');
const ADMIN = { login: 'chef.audit', password: 'un mot de passe pour auditer' };
const FROM = '2026-11-02';
const TO = '2026-11-09';

function closing(n: number, variance: number, occurredAt: string): AnyEvent {
  return createEvent(
    'cash.session.closed',
    {
      sessionId: `sess-${n}`,
      registerId: 'caisse-1',
      operatorId: 'op-1',
      openingAmount: 100,
      cashSales: 50,
      expectedCash: 150,
      countedCash: centsToEuros(eurosToCents(150) + eurosToCents(variance)),
      variance,
      totalSales: 90,
      salesCount: 6,
      ...(variance ? { comment: 'écart' } : {}),
    },
    { source: 'cash', siteId: 'site-1', occurredAt },
  );
}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The CLI as a user runs it: its own process, talking to the gateway over HTTP. */
function vigie(args: string[], env: Record<string, string>, cwd = ROOT): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-r', require.resolve('@swc-node/register'), MAIN, ...args], {
      cwd,
      env: { PATH: process.env.PATH ?? '', SWC_NODE_PROJECT: path.join(ROOT, 'tsconfig.json'), ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('vigie CLI against a running gateway and anomaly service', () => {
  let env: TestEnvironment;
  let anomaly: RunningService;
  let gateway: RunningService;
  let cliEnv: Record<string, string>;
  const history = [
    closing(1, -15, '2026-11-03T17:00:00.000Z'),
    closing(2, 0, '2026-11-04T17:00:00.000Z'),
    closing(3, -60, '2026-11-05T17:00:00.000Z'),
    closing(4, -12, '2026-11-10T17:00:00.000Z'),
  ];

  beforeAll(async () => {
    env = await testEnvironment({ name: 'cli-test' });
    anomaly = await startAnomaly({ ...env.env, ANOMALY_PORT: '0', LOG_LEVEL: 'warn', ANOMALY_OUTBOX_INTERVAL_MS: '200' });
    gateway = await startGateway({
      ...env.env,
      GATEWAY_PORT: '0',
      LOG_LEVEL: 'error',
      AUTH_SECRET: 'cli-integration-tests-secret-0123456789abcdef',
      ADMIN_BOOTSTRAP_LOGIN: ADMIN.login,
      ADMIN_BOOTSTRAP_PASSWORD: ADMIN.password,
      ANOMALY_URL: anomaly.url,
    });
    cliEnv = { GATEWAY_URL: gateway.url, VIGIE_ADMIN_LOGIN: ADMIN.login, VIGIE_ADMIN_PASSWORD: ADMIN.password };
    const publisher = new EventPublisher(env.bus);
    for (const e of history) await publisher.publish(e);
    // Live detection done: consumer drained and every announcement published.
    const deadline = Date.now() + 45_000;
    for (;;) {
      const info = await env.bus.jsm.consumers.info(env.bus.topo.streamName('CASH' as StreamId), DURABLES.anomalyDetectors).catch(() => undefined);
      const client = new Client({ connectionString: env.env.DATABASE_URL });
      await client.connect();
      const { rows } = await client.query<{ n: string }>('select count(*) as n from anomaly.outbox where published_at is null').finally(() => client.end());
      if (info && info.num_pending + info.num_ack_pending === 0 && Number(rows[0].n) === 0 && info.delivered.stream_seq >= history.length) break;
      if (Date.now() > deadline) throw new Error('live detection did not settle');
      await new Promise((r) => setTimeout(r, 200));
    }
  }, 90_000);

  afterAll(async () => {
    await gateway?.stop();
    await anomaly?.stop();
    await env?.cleanup();
  });

  it('replay --json: the recorded week replays to an empty diff, with a progress bar on stderr', async () => {
    const run = await vigie(['replay', '--from', FROM, '--to', TO, '--json'], cliEnv);
    expect(run.stderr).toMatch(/replay \[#+\] 100%/);
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout) as ReplayResult;
    expect(result.recorded.map((a) => [a.ruleId, a.key, a.severity])).toEqual(
      expect.arrayContaining([
        ['cash.variance', 'sess-1', 'warning'],
        ['cash.variance', 'sess-3', 'critical'],
      ]),
    );
    expect(result.recorded).toHaveLength(2);
    expect(result.diff.empty).toBe(true);
  }, 60_000);

  it('replay --rule: a summary showing what a 20 € threshold would no longer raise', async () => {
    const run = await vigie(['replay', '--from', FROM, '--to', TO, '--rule', 'cash.variance.warningAbove=20'], cliEnv);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Differences:');
    expect(run.stdout).toMatch(/only recorded \(1\):\n {2}anm-\S+ {2}cash\.variance {2}sess-1 {2}warning ×1/);
    expect(run.stdout).toMatch(/cash\.variance\s+warning\s+1\s+0/);
  }, 60_000);

  it('events: the range as NDJSON on stdout, the admin password read from .vigie/admin-password', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'vigie-cli-'));
    try {
      mkdirSync(path.join(dir, '.vigie'));
      writeFileSync(path.join(dir, '.vigie', 'admin-password'), `${ADMIN.password}\n`);
      const run = await vigie(['events', '--stream', 'CASH', '--from', FROM, '--to', TO], { GATEWAY_URL: gateway.url, VIGIE_ADMIN_LOGIN: ADMIN.login }, dir);
      expect(run.code).toBe(0);
      const lines = run.stdout.trim().split('\n').map((l) => JSON.parse(l) as AuditEventLine);
      expect(lines.map((l) => (l.event as { id: string }).id)).toEqual(history.slice(0, 3).map((e) => e.id));
      expect(lines.map((l) => l.seq)).toEqual([1, 2, 3]);
      expect(run.stderr).toMatch(/events \[#+\] 100% 3 events/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('exits 2 on a usage error and 1 on a refusal, with the reason on stderr', async () => {
    const usage = await vigie(['replay', '--from', FROM], cliEnv);
    expect([usage.code, usage.stdout]).toEqual([2, '']);
    expect(usage.stderr).toContain('--to is required');
    const refused = await vigie(['replay', '--from', FROM, '--to', TO, '--rule', 'cash.variance.threshold=20'], cliEnv);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/400 validation\.failed: .*threshold.*unknown parameter/);
    const badLogin = await vigie(['events', '--stream', 'CASH', '--from', FROM, '--to', TO], { ...cliEnv, VIGIE_ADMIN_PASSWORD: 'pas le bon mot de passe' });
    expect(badLogin.code).toBe(1);
    expect(badLogin.stderr).toMatch(/401/);
  }, 60_000);
});
