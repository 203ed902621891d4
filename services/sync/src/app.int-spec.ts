import type { AnyEvent } from '@vigie/contracts';
import type { RunningService } from '@vigie/health';
import { collectEvents, testEnvironment, waitForEvent, type TestEnvironment } from '@vigie/testing';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startSync } from './app';
import { LocalDavServer } from './testing/local-dav-server';
import { eventsOfRun, isFinal, syncClient } from './testing/sync-client';

const PASSWORD = 'dav-pass-Ø42';

describe('sync service (real NATS + Postgres, local WebDAV stand-in, temp directory)', () => {
  let env: TestEnvironment;
  let sync: RunningService;
  let dav: LocalDavServer;
  let plain: LocalDavServer;
  let dir: string;
  const api = syncClient(() => sync.url);

  beforeAll(async () => {
    env = await testEnvironment({ name: 'sync-test', streams: ['SYNC'] });
    dav = await LocalDavServer.start({ authorization: `Basic ${Buffer.from(`vigie:${PASSWORD}`).toString('base64')}` });
    plain = await LocalDavServer.start();
    dir = await mkdtemp(path.join(tmpdir(), 'vigie-sync-it-'));
    sync = await startSync({
      ...env.env,
      SYNC_PORT: '0',
      LOG_LEVEL: 'error',
      SYNC_MAX_ATTEMPTS: '3',
      SYNC_RETRY_BASE_MS: '40',
      SYNC_RETRY_MAX_MS: '200',
      // This file is about runs and retries; the breaker has its own file.
      SYNC_BREAKER_VOLUME: '1000',
      SYNC_OUTBOX_INTERVAL_MS: '100',
      SYNC_TEST_DAV_PASSWORD: PASSWORD,
      SYNC_TARGETS: JSON.stringify([
        {
          name: 'compta',
          kind: 'http-put',
          siteId: 'site-1',
          url: `${dav.url}/dav/exports/`,
          auth: { type: 'basic', username: 'vigie', passwordEnv: 'SYNC_TEST_DAV_PASSWORD' },
        },
        { name: 'flaky', kind: 'http-put', url: `${plain.url}/flaky/`, timeoutMs: 300 },
        { name: 'local', kind: 'directory', siteId: 'site-2', path: dir },
        { name: 'unmounted', kind: 'directory', path: path.join(dir, 'not-mounted') },
      ]),
    });
  });

  afterAll(async () => {
    await sync?.stop();
    await dav?.close();
    await plain?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
    await env?.cleanup();
  });

  afterEach(() => {
    plain.answer = 201;
    dav.answer = 201;
  });

  const failedAttempts = (events: AnyEvent[]) =>
    events.flatMap((e) => (e.type === 'sync.run.failed' ? [{ attempt: e.data.attempt, code: e.data.error.code }] : []));

  it('PUTs the rows of a request as CSV to the WebDAV target: 202, then started and succeeded on SYNC', async () => {
    const rows = [
      { date: '2026-11-30', caisse: 'caisse-1', ventes: 12, montant: 154.5 },
      { date: '2026-11-30', caisse: 'caisse-2', ventes: 3, montant: 21, commentaire: 'fond, "rendu"' },
    ];
    const res = await api.post('/runs', { target: 'compta', rows });
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ target: 'compta', siteId: 'site-1', trigger: 'api', status: 'running', attempts: 0 });
    const { runId, startedAt } = res.body;

    const { event: succeeded, subject } = await waitForEvent(env.bus, 'SYNC', (e) => e.type === 'sync.run.succeeded' && e.data.runId === runId);
    expect(subject).toBe(`recyclic-${env.namespace}.sync.run.succeeded.site-1.compta`);
    expect(succeeded).toMatchObject({ source: 'sync', siteId: 'site-1' });
    expect(succeeded.data).toEqual({ runId, target: 'compta', durationMs: expect.any(Number), itemCount: 2 });

    const events = await eventsOfRun(env.bus, runId, isFinal);
    expect(events.map((e) => e.type)).toEqual(['sync.run.started', 'sync.run.succeeded']);
    expect(events[0]).toMatchObject({ occurredAt: startedAt, siteId: 'site-1', data: { runId, target: 'compta' } });

    const stamp = startedAt.replace(/[-:]/g, '').replace(/\.\d{3}Z$/, 'Z');
    const put = dav.requests.find((r) => r.path.includes(runId))!;
    expect(put).toMatchObject({ method: 'PUT', path: `/dav/exports/compta-${stamp}-${runId}.csv` });
    expect(put.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(put.headers.authorization).toBe(`Basic ${Buffer.from(`vigie:${PASSWORD}`).toString('base64')}`);
    expect(dav.files.get(put.path)).toBe(
      'date,caisse,ventes,montant,commentaire\r\n2026-11-30,caisse-1,12,154.5,\r\n2026-11-30,caisse-2,3,21,"fond, ""rendu"""\r\n',
    );

    const run = await api.finished(runId);
    expect(run).toMatchObject({ runId, status: 'succeeded', attempts: 1, itemCount: 2, startedAt, durationMs: expect.any(Number) });
    expect(run).not.toHaveProperty('error');
  });

  it('writes the 24 h activity summary to the local directory when no rows are given, atomically', async () => {
    const earlier = await api.start('compta', [{ x: 1 }]);
    await api.finished(earlier);

    const runId = await api.start('local');
    const run = await api.finished(runId);
    expect(run).toMatchObject({ status: 'succeeded', itemCount: 4, siteId: 'site-2' });
    const { event } = await waitForEvent(env.bus, 'SYNC', (e) => e.type === 'sync.run.succeeded' && e.data.runId === runId);
    expect(event).toMatchObject({ siteId: 'site-2', data: { target: 'local', itemCount: 4 } });

    const files = (await readdir(dir)).filter((f) => f.includes(runId));
    expect(files).toEqual([expect.stringMatching(new RegExp(`^local-\\d{8}T\\d{6}Z-${runId}\\.csv$`))]);
    expect((await readdir(dir)).filter((f) => f.startsWith('.'))).toEqual([]);
    const [header, ...lines] = (await readFile(path.join(dir, files[0]), 'utf8')).split('\r\n').filter(Boolean);
    expect(header).toBe('period_start,period_end,target,kind,site_id,runs,succeeded,failed,last_success_at');
    expect(lines.map((l) => l.split(',').slice(2, 5))).toEqual([
      ['compta', 'http-put', 'site-1'],
      ['flaky', 'http-put', 'global'],
      ['local', 'directory', 'site-2'],
      ['unmounted', 'directory', 'global'],
    ]);
    const compta = lines[0].split(',');
    expect(Number(compta[5])).toBeGreaterThanOrEqual(1);
    expect(Number(compta[6])).toBe(Number(compta[5]));
    expect(Date.parse(compta[8])).not.toBeNaN();
    // the run being exported is not in its own summary
    expect(lines[2].split(',').slice(5, 9)).toEqual(['0', '0', '0', '']);
    expect(new Date(compta[1]).getTime() - new Date(compta[0]).getTime()).toBe(24 * 3600 * 1000);
  });

  it('retries a failing server with exponential backoff and succeeds: failed attempts 1 and 2, then succeeded', async () => {
    plain.script(503, 503);
    const runId = await api.start('flaky', [{ a: 1 }]);
    const events = await eventsOfRun(env.bus, runId, (e) => e.type === 'sync.run.succeeded');
    expect(events.map((e) => e.type)).toEqual(['sync.run.started', 'sync.run.failed', 'sync.run.failed', 'sync.run.succeeded']);
    expect(failedAttempts(events)).toEqual([
      { attempt: 1, code: 'sync.http-5xx' },
      { attempt: 2, code: 'sync.http-5xx' },
    ]);
    expect(events[1].data).toMatchObject({ runId, target: 'flaky', error: { message: 'PUT answered 503 Service Unavailable' } });
    const at = events.map((e) => Date.parse(e.occurredAt));
    // 40 ms after the first failure, 80 ms after the second
    expect(at[2] - at[1]).toBeGreaterThanOrEqual(40);
    expect(at[3] - at[2]).toBeGreaterThanOrEqual(80);
    expect(plain.requestsTo('/flaky/').filter((r) => r.path.includes(runId))).toHaveLength(3);
    expect(await api.finished(runId)).toMatchObject({ status: 'succeeded', attempts: 3, itemCount: 1 });
  });

  it('gives up after the last attempt on a server that never answers: one failed event per attempt, sync.timeout', async () => {
    plain.answer = 'hang';
    const runId = await api.start('flaky', [{ a: 1 }]);
    const events = await eventsOfRun(env.bus, runId, (e) => e.type === 'sync.run.failed' && e.data.attempt === 3);
    expect(failedAttempts(events)).toEqual([1, 2, 3].map((attempt) => ({ attempt, code: 'sync.timeout' })));
    for (const e of events.filter((x) => x.type === 'sync.run.failed')) {
      expect(e.data).toMatchObject({ error: { message: 'no answer within 300 ms' } });
      expect((e.data as { durationMs: number }).durationMs).toBeGreaterThanOrEqual(290);
    }
    expect(await api.finished(runId)).toMatchObject({ status: 'failed', attempts: 3, error: { code: 'sync.timeout', message: 'no answer within 300 ms' } });
    const targets = (await api.get('/targets')).body as { name: string; lastRun: { runId: string; status: string } }[];
    expect(targets.find((t) => t.name === 'flaky')?.lastRun).toMatchObject({ runId, status: 'failed' });
  });

  it('does not retry refused credentials: one failed attempt with sync.http-401, and no secret anywhere', async () => {
    dav.script(401);
    const runId = await api.start('compta', [{ a: 1 }]);
    const run = await api.finished(runId);
    expect(run).toMatchObject({ status: 'failed', attempts: 1, error: { code: 'sync.http-401' } });
    const events = await eventsOfRun(env.bus, runId, isFinal);
    expect(failedAttempts(events)).toEqual([{ attempt: 1, code: 'sync.http-401' }]);
    expect(JSON.stringify(events)).not.toContain(PASSWORD);
    expect(JSON.stringify((await api.get('/targets')).body)).not.toContain(PASSWORD);
  });

  it('reports a missing export directory as sync.directory-missing on every attempt, and creates nothing', async () => {
    const runId = await api.start('unmounted', [{ a: 1 }]);
    const events = await eventsOfRun(env.bus, runId, (e) => e.type === 'sync.run.failed' && e.data.attempt === 3);
    expect(failedAttempts(events)).toEqual([1, 2, 3].map((attempt) => ({ attempt, code: 'sync.directory-missing' })));
    expect(await readdir(dir)).not.toContain('not-mounted');
  });

  it('runs one run of a target at a time: 409 sync.target-busy while one is in progress', async () => {
    plain.answer = 'hang';
    const runId = await api.start('flaky', [{ a: 1 }]);
    const again = await api.post('/runs', { target: 'flaky' });
    expect(again).toEqual({ status: 409, body: { error: { code: 'sync.target-busy', message: 'a run of target "flaky" is already in progress' } } });
    expect((await api.post('/runs', { target: 'local' })).status).toBe(202);
    await api.finished(runId);
    plain.answer = 201;
    expect(await api.finished(await api.start('flaky', [{ a: 1 }]))).toMatchObject({ status: 'succeeded' });
  });

  it('refuses bad input with 400 naming the field, an unknown target with 404, and emits nothing for them', async () => {
    const before = (await collectEvents(env.bus, 'SYNC')).length;
    expect(await api.post('/runs', { target: 'nope' })).toEqual({
      status: 404,
      body: { error: { code: 'sync.target-unknown', message: 'no sync target named "nope" is configured' } },
    });
    const cases: [unknown, string][] = [
      [{}, 'body.target'],
      [{ target: 'a b' }, 'body.target'],
      [{ target: 'compta', rows: [] }, 'body.rows'],
      [{ target: 'compta', rows: [{ a: { nested: true } }] }, 'body.rows.0.a'],
      [{ target: 'compta', rows: 'a,b' }, 'body.rows'],
      [{ target: 'compta', force: true }, 'force'],
    ];
    for (const [body, field] of cases) {
      const res = await api.post('/runs', body);
      expect({ body, status: res.status, code: res.body.error?.code }).toEqual({ body, status: 400, code: 'validation.failed' });
      expect(res.body.error.message).toContain(field);
    }
    expect((await api.post('/runs', undefined, '{"target":')).body.error.code).toBe('request.malformed-json');
    expect(await api.get('/runs/0193a1b2-c3d4-7e5f-8a9b-000000000000')).toEqual({
      status: 404,
      body: { error: { code: 'sync.run-not-found', message: 'no such sync run' } },
    });
    expect((await api.get('/runs/not.a.token')).status).toBe(400);
    expect((await collectEvents(env.bus, 'SYNC')).length).toBe(before);
  });

  it('lists every target with its kind, site, breaker state and last outcome, without credentials or URLs', async () => {
    const res = await api.get('/targets');
    expect(res.status).toBe(200);
    expect(res.body.map((t: { name: string }) => t.name)).toEqual(['compta', 'flaky', 'local', 'unmounted']);
    expect(res.body[2]).toEqual({
      name: 'local',
      kind: 'directory',
      siteId: 'site-2',
      scheduleMs: 0,
      breaker: 'closed',
      lastRun: expect.objectContaining({ target: 'local', status: 'succeeded' }),
      lastSuccessAt: expect.any(String),
    });
    expect(res.body[3]).toMatchObject({ breaker: 'closed', lastRun: { status: 'failed', error: { code: 'sync.directory-missing' } }, lastSuccessAt: null });
    expect(JSON.stringify(res.body)).not.toContain(dav.url);
  });

  it('dates a run by the at of its request: started at `at`, each attempt as long after it as it took, same on GET', async () => {
    plain.script(503);
    const at = new Date(Date.now() - 2 * 86_400_000).toISOString();
    const res = await api.post('/runs', { target: 'flaky', rows: [{ a: 1 }], at });
    expect(res.status).toBe(202);
    expect(res.body.startedAt).toBe(at);
    const { runId } = res.body;
    const events = await eventsOfRun(env.bus, runId, (e) => e.type === 'sync.run.succeeded');
    expect(events.map((e) => e.type)).toEqual(['sync.run.started', 'sync.run.failed', 'sync.run.succeeded']);
    expect(events[0].occurredAt).toBe(at);
    const after = events.map((e) => Date.parse(e.occurredAt) - Date.parse(at));
    // the retry waits 40 ms; the whole run takes well under a few seconds of real time
    expect(after[1]).toBeGreaterThanOrEqual(0);
    expect(after[2] - after[1]).toBeGreaterThanOrEqual(40);
    expect(after[2]).toBeLessThan(5000);
    const run = await api.finished(runId);
    expect(run).toMatchObject({ status: 'succeeded', startedAt: at, finishedAt: events[2].occurredAt, durationMs: after[2] });
    const stamp = at.replace(/[-:]/g, '').replace(/\.\d{3}Z$/, 'Z');
    expect(plain.requestsTo('/flaky/').filter((r) => r.path.includes(runId)).map((r) => r.path)).toEqual([
      `/flaky/flaky-${stamp}-${runId}.csv`,
      `/flaky/flaky-${stamp}-${runId}.csv`,
    ]);
  });

  it('refuses an at more than 5 min ahead, more than 35 days old or without offset with 400 naming body.at, and runs nothing', async () => {
    const before = (await collectEvents(env.bus, 'SYNC')).length;
    const puts = plain.requests.length;
    const minutes = (n: number) => new Date(Date.now() + n * 60_000).toISOString();
    for (const at of [minutes(6), minutes(-36 * 24 * 60), '2026-11-30T02:00:00']) {
      const res = await api.post('/runs', { target: 'flaky', rows: [{ a: 1 }], at });
      expect({ at, status: res.status, code: res.body.error?.code }).toEqual({ at, status: 400, code: 'validation.failed' });
      expect(res.body.error.message).toContain('body.at');
    }
    expect((await collectEvents(env.bus, 'SYNC')).length).toBe(before);
    expect(plain.requests.length).toBe(puts);
    // A client clock a few minutes ahead is tolerated.
    const ahead = await api.post('/runs', { target: 'flaky', rows: [{ a: 1 }], at: minutes(4) });
    expect(ahead.status).toBe(202);
    expect(await api.finished(ahead.body.runId)).toMatchObject({ status: 'succeeded' });
  });

  it('reports itself ready with its outbox relay and each target breaker', async () => {
    const res = await api.get('/health/ready');
    expect(res.status).toBe(200);
    expect(res.body.details).toMatchObject({
      nats: { status: 'up' },
      postgres: { status: 'up' },
      'consumer:sync-outbox-relay': { status: 'up' },
      'breaker:compta': { status: 'up', state: 'closed' },
      'breaker:unmounted': { status: 'up', state: 'closed' },
    });
  });
});
