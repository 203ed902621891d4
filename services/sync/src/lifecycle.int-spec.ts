import type { RunningService } from '@vigie/health';
import { testEnvironment, waitForEvent, type TestEnvironment } from '@vigie/testing';
import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { startSync } from './app';
import { LocalDavServer } from './testing/local-dav-server';
import { syncClient } from './testing/sync-client';
import { until } from './testing/until';

describe('sync runs across stops and restarts, and on a schedule (real NATS + Postgres)', () => {
  let env: TestEnvironment;
  let dav: LocalDavServer;
  let dir: string;
  let db: Client;
  const running: RunningService[] = [];
  let current: RunningService | undefined;
  const api = syncClient(() => current!.url);

  beforeAll(async () => {
    env = await testEnvironment({ name: 'sync-lifecycle-test', streams: ['SYNC'] });
    dav = await LocalDavServer.start();
    dir = await mkdtemp(path.join(tmpdir(), 'vigie-sync-life-'));
    db = new Client({ connectionString: env.database.url });
    await db.connect();
  });

  afterAll(async () => {
    for (const svc of running) await svc.stop();
    await db?.end();
    await dav?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
    await env?.cleanup();
  });

  const boot = async (targets: unknown[], extra: Record<string, string> = {}) => {
    current = await startSync({
      ...env.env,
      SYNC_PORT: '0',
      LOG_LEVEL: 'error',
      SYNC_RETRY_BASE_MS: '20',
      SYNC_RETRY_MAX_MS: '20',
      SYNC_OUTBOX_INTERVAL_MS: '100',
      SYNC_TARGETS: JSON.stringify(targets),
      ...extra,
    });
    running.push(current);
    return current;
  };
  const rowOf = async (runId: string) =>
    (await db.query(`select "status", "attempts", "error_code" from "sync"."sync_run" where "id" = $1`, [runId])).rows[0];

  it('fails a run that a crashed process left running at the next boot, with sync.interrupted, and frees its target', async () => {
    const targets = [{ name: 'local', kind: 'directory', siteId: 'site-3', path: dir }];
    await (await boot(targets)).stop();
    // What a process killed during the second attempt of a run leaves in the database.
    const runId = '0193a1b2-c3d4-7e5f-8a9b-0000000000aa';
    await db.query(
      `insert into "sync"."sync_run" ("id", "target", "site_id", "trigger", "status", "attempts", "error_code", "error_message", "started_at")
       values ($1, 'local', 'site-3', 'api', 'running', 1, 'sync.disk-full', 'no space left', now() - interval '1 minute')`,
      [runId],
    );

    await boot(targets);
    expect((await api.get(`/runs/${runId}`)).body).toMatchObject({
      status: 'failed',
      attempts: 2,
      error: { code: 'sync.interrupted', message: 'the sync service stopped during the run' },
      finishedAt: expect.any(String),
    });
    const { event, subject } = await waitForEvent(env.bus, 'SYNC', (e) => e.type === 'sync.run.failed' && e.data.runId === runId);
    expect(subject).toBe(`recyclic-${env.namespace}.sync.run.failed.site-3.local`);
    expect(event.data).toEqual({
      runId,
      target: 'local',
      durationMs: 0,
      attempt: 2,
      error: { code: 'sync.interrupted', message: 'the sync service stopped during the run' },
    });

    const next = await api.start('local', [{ a: 1 }]);
    expect(await api.finished(next)).toMatchObject({ status: 'succeeded' });
    await current!.stop();
  });

  it('records a run stopped mid-attempt as failed sync.interrupted at shutdown, aborting the request in flight', async () => {
    dav.answer = 'hang';
    // No relay pass on a timer during the test: the failure recorded at shutdown leaves with the relay's last pass.
    const svc = await boot([{ name: 'slow', kind: 'http-put', url: `${dav.url}/slow/`, timeoutMs: 60_000 }], { SYNC_OUTBOX_INTERVAL_MS: '600000' });
    const runId = await api.start('slow', [{ a: 1 }]);
    await until(async () => dav.requestsTo('/slow/').some((r) => r.path.includes(runId)), 'the PUT to reach the server');

    const stopped = Date.now();
    await svc.stop();
    // Far below the target's 60 s timeout: the stop aborted the request instead of waiting it out (the margin
    // is for a loaded CI machine, not a speed target).
    expect(Date.now() - stopped).toBeLessThan(30_000);
    await until(async () => dav.hanging === 0, 'the hanging PUT to be aborted by the client');
    expect(await rowOf(runId)).toEqual({ status: 'failed', attempts: 1, error_code: 'sync.interrupted' });
    const { event } = await waitForEvent(env.bus, 'SYNC', (e) => e.type === 'sync.run.failed' && e.data.runId === runId);
    expect(event.data).toMatchObject({ attempt: 1, error: { code: 'sync.interrupted' } });
    dav.answer = 201;
  });

  it('starts runs of a scheduled target on its interval, not at boot', async () => {
    const scheduled = path.join(dir, 'scheduled');
    await mkdir(scheduled);
    const svc = await boot([
      { name: 'nightly', kind: 'directory', path: scheduled, scheduleMs: 300 },
      { name: 'manual', kind: 'directory', path: dir, scheduleMs: 0 },
    ]);
    expect(await readdir(scheduled)).toEqual([]);
    const files = await until(async () => {
      // Ignoring the hidden temporary file of an export being written.
      const names = (await readdir(scheduled)).filter((f) => !f.startsWith('.'));
      return names.length >= 2 ? names : undefined;
    }, 'two scheduled exports');
    expect(files.every((f) => /^nightly-\d{8}T\d{6}Z-.+\.csv$/.test(f))).toBe(true);
    const { body: targets } = await api.get('/targets');
    expect(targets[0]).toMatchObject({ name: 'nightly', scheduleMs: 300, lastRun: { trigger: 'schedule' } });
    expect(targets[1]).toMatchObject({ name: 'manual', scheduleMs: 0, lastRun: null });
    await svc.stop();
  });
});
