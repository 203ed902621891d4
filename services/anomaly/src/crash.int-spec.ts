import { centsToEuros, createEvent, eurosToCents } from '@vigie/contracts';
import { EventPublisher } from '@vigie/messaging';
import { collectEvents, testEnvironment, type TestEnvironment } from '@vigie/testing';
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const MAIN = path.join(ROOT, 'services', 'anomaly', 'src', 'main.ts');

function startProcess(env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['-r', '@swc-node/register', MAIN], {
    cwd: ROOT,
    env: { ...process.env, ...env, SWC_NODE_PROJECT: path.join(ROOT, 'tsconfig.json'), LOG_LEVEL: 'warn', ANOMALY_PORT: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk;
      if (output.includes('anomaly listening on')) resolve(child);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`anomaly exited (${code}) before listening:\n${output}`)));
  });
}

function killHard(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 60000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe('anomaly service killed with SIGKILL during a burst', () => {
  let env: TestEnvironment;
  let child: ChildProcess | undefined;

  beforeAll(async () => {
    env = await testEnvironment({ streams: ['CASH', 'OPS', 'SYNC', 'AI', 'AUTH', 'ANOMALY', 'DEADLETTER'] });
  });

  afterAll(async () => {
    if (child && child.exitCode === null) await killHard(child);
    await env?.cleanup();
  });

  it('finds every expected anomaly exactly once after the restart', async () => {
    const SESSIONS = 1200;
    const closings = Array.from({ length: SESSIONS }, (_, i) => {
      const variance = i % 4 === 0 ? -(11 + (i % 30)) : 0;
      return createEvent(
        'cash.session.closed',
        {
          sessionId: `sess-${i}`,
          registerId: `caisse-${i % 30}`,
          operatorId: 'op-1',
          openingAmount: 100,
          cashSales: 50,
          expectedCash: 150,
          countedCash: centsToEuros(eurosToCents(150) + eurosToCents(variance)),
          variance,
          totalSales: 70,
          salesCount: 3,
          ...(variance ? { comment: 'écart' } : {}),
        },
        { source: 'cash', siteId: 'site-1', occurredAt: new Date(Date.parse('2026-11-30T08:00:00Z') + i * 1000).toISOString() },
      );
    });
    const expected = new Set(closings.filter((c) => c.data.variance !== 0).map((c) => c.id));
    const raisedIds = async () =>
      (await collectEvents(env.bus, 'ANOMALY'))
        .filter((f) => f.event.type === 'anomaly.alert.raised')
        .flatMap((f) =>
          f.event.type === 'anomaly.alert.raised' && f.event.data.ruleId === 'cash.variance' ? f.event.data.evidence.map((e) => e.eventId) : [],
        )
        .filter((id) => expected.has(id));

    child = await startProcess(env.env);
    const publisher = new EventPublisher(env.bus);
    const publishing = (async () => {
      for (const c of closings) await publisher.publish(c);
    })();
    await until('the first anomalies', async () => (await raisedIds()).length >= 1);
    await killHard(child);
    const raisedBeforeKill = (await raisedIds()).length;
    await publishing;
    expect(raisedBeforeKill).toBeLessThan(expected.size);

    child = await startProcess(env.env);
    await until('every anomaly', async () => new Set(await raisedIds()).size === expected.size, 90000);
    // Give a duplicate the chance to show up before counting.
    await new Promise((r) => setTimeout(r, 1000));
    const ids = await raisedIds();
    expect(ids.length).toBe(expected.size);
    expect(new Set(ids).size).toBe(expected.size);
    // Nor any other transition (cash.variance-repeated, updates) announced twice.
    const all = (await collectEvents(env.bus, 'ANOMALY')).map((f) => f.event.id);
    expect(new Set(all).size).toBe(all.length);
  }, 180000);
});
