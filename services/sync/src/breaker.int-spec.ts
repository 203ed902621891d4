import type { AnyEvent } from '@vigie/contracts';
import type { RunningService } from '@vigie/health';
import { testEnvironment, type TestEnvironment } from '@vigie/testing';
import { startSync } from './app';
import { LocalDavServer } from './testing/local-dav-server';
import { eventsOfRun, isFinal, syncClient } from './testing/sync-client';
import { until } from './testing/until';

const RESET_MS = 1500;

describe('circuit breaker per target (real NATS + Postgres, local WebDAV stand-in)', () => {
  let env: TestEnvironment;
  let sync: RunningService;
  let dav: LocalDavServer;
  const api = syncClient(() => sync.url);

  beforeAll(async () => {
    env = await testEnvironment({ name: 'sync-breaker-test', streams: ['SYNC'] });
    dav = await LocalDavServer.start();
    sync = await startSync({
      ...env.env,
      SYNC_PORT: '0',
      LOG_LEVEL: 'error',
      SYNC_MAX_ATTEMPTS: '2',
      SYNC_RETRY_BASE_MS: '20',
      SYNC_RETRY_MAX_MS: '20',
      // Opens once 3 attempts were made in the window and more than half of them failed.
      SYNC_BREAKER_VOLUME: '3',
      SYNC_BREAKER_ERROR_PERCENT: '50',
      SYNC_BREAKER_WINDOW_MS: '60000',
      SYNC_BREAKER_RESET_MS: String(RESET_MS),
      SYNC_OUTBOX_INTERVAL_MS: '100',
      SYNC_TARGETS: JSON.stringify([
        { name: 'drive', kind: 'http-put', url: `${dav.url}/drive/` },
        { name: 'other', kind: 'http-put', url: `${dav.url}/other/` },
      ]),
    });
  });

  afterAll(async () => {
    await sync?.stop();
    await dav?.close();
    await env?.cleanup();
  });

  const attempts = (events: AnyEvent[]) =>
    events.flatMap((e) => (e.type === 'sync.run.failed' ? [{ attempt: e.data.attempt, code: e.data.error.code, durationMs: e.data.durationMs }] : []));
  const gauge = async (target: string) => {
    const text = (await api.get('/metrics')).body as string;
    const line = text.split('\n').find((l) => l.startsWith('vigie_sync_breaker_state{') && l.includes(`target="${target}"`));
    return line ? Number(line.split(' ').pop()) : undefined;
  };
  const run = async (target: string) => {
    const runId = await api.start(target, [{ a: 1 }]);
    await api.finished(runId);
    return eventsOfRun(env.bus, runId, (e) => isFinal(e) && (e.type === 'sync.run.succeeded' || e.data.attempt === 2));
  };
  const putsTo = (prefix: string) => dav.requestsTo(prefix).length;

  it('opens after repeated failures, fails fast with sync.circuit-open, lets one trial through after its reset timeout, and closes on success', async () => {
    dav.answer = 503;
    expect(await api.breakerOf('drive')).toBe('closed');
    expect(await gauge('drive')).toBe(0);

    // Two failed attempts: under the volume threshold, the breaker stays closed.
    expect(attempts(await run('drive')).map((a) => a.code)).toEqual(['sync.http-5xx', 'sync.http-5xx']);
    expect(await api.breakerOf('drive')).toBe('closed');

    // The third failure opens it: the retry is refused without reaching the server.
    const second = attempts(await run('drive'));
    expect(second.map(({ attempt, code }) => ({ attempt, code }))).toEqual([
      { attempt: 1, code: 'sync.http-5xx' },
      { attempt: 2, code: 'sync.circuit-open' },
    ]);
    expect(second[1].durationMs).toBeLessThan(50);
    expect(putsTo('/drive/')).toBe(3);
    expect(await api.breakerOf('drive')).toBe('open');
    expect(await gauge('drive')).toBe(2);
    const ready = await api.get('/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body.details).toMatchObject({ 'breaker:drive': { status: 'up', state: 'open' }, 'breaker:other': { status: 'up', state: 'closed' } });

    // While open, whole runs fail fast; the other target is not affected.
    expect(attempts(await run('drive')).map((a) => a.code)).toEqual(['sync.circuit-open', 'sync.circuit-open']);
    expect(putsTo('/drive/')).toBe(3);
    dav.answer = 201;
    expect((await run('other')).at(-1)?.type).toBe('sync.run.succeeded');
    expect(await api.breakerOf('other')).toBe('closed');

    // After the reset timeout one trial goes through; failing, it opens the breaker again.
    dav.answer = 503;
    await until(async () => (await api.breakerOf('drive')) === 'half-open', 'the breaker to half-open', RESET_MS * 4);
    expect(await gauge('drive')).toBe(1);
    expect(attempts(await run('drive')).map((a) => a.code)).toEqual(['sync.http-5xx', 'sync.circuit-open']);
    expect(putsTo('/drive/')).toBe(4);
    expect(await api.breakerOf('drive')).toBe('open');

    // The next trial succeeds and closes it.
    dav.answer = 201;
    await until(async () => (await api.breakerOf('drive')) === 'half-open', 'the breaker to half-open again', RESET_MS * 4);
    const recovered = await run('drive');
    expect(recovered.map((e) => e.type)).toEqual(['sync.run.started', 'sync.run.succeeded']);
    expect(await api.breakerOf('drive')).toBe('closed');
    expect(await gauge('drive')).toBe(0);
    expect((await api.get('/health/ready')).body.details['breaker:drive']).toEqual({ status: 'up', state: 'closed' });
  });

  it('counts attempts and finished runs per target and result in /metrics', async () => {
    const text = (await api.get('/metrics')).body as string;
    expect(text).toMatch(/vigie_sync_attempts_total\{[^}]*target="drive"[^}]*result="sync\.circuit-open"[^}]*\} [1-9]/);
    expect(text).toMatch(/vigie_sync_runs_total\{[^}]*target="drive"[^}]*status="failed"[^}]*\} 4/);
    expect(text).toMatch(/vigie_sync_runs_total\{[^}]*target="drive"[^}]*status="succeeded"[^}]*\} 1/);
  });
});
