import { ConfigError } from '@vigie/config';
import { inspect } from 'node:util';
import { parseSyncConfig } from './config';
import type { HttpPutOptions } from './targets/http-put.target';

const targets = (value: unknown) => JSON.stringify(value);

function problemsOf(env: Record<string, string>): string[] {
  try {
    parseSyncConfig(env);
  } catch (e) {
    if (e instanceof ConfigError) return e.problems.map((p) => `${p.key}: ${p.message}`);
    throw e;
  }
  throw new Error('expected a ConfigError');
}

describe('sync configuration', () => {
  it('has working defaults: port 3102, no target, 5 attempts, no schedule', () => {
    const config = parseSyncConfig({});
    expect(config).toMatchObject({
      SYNC_PORT: 3102,
      targets: [],
      SYNC_MAX_ATTEMPTS: 5,
      SYNC_RETRY_BASE_MS: 2000,
      SYNC_RETRY_MAX_MS: 60_000,
      SYNC_ATTEMPT_TIMEOUT_MS: 30_000,
      SYNC_BREAKER_ERROR_PERCENT: 50,
      SYNC_BREAKER_VOLUME: 3,
      SYNC_BREAKER_RESET_MS: 60_000,
      SYNC_SCHEDULE_MS: 0,
    });
  });

  it('reads each target with its kind options, defaults from the environment and its secrets', () => {
    const config = parseSyncConfig({
      SYNC_ATTEMPT_TIMEOUT_MS: '5000',
      SYNC_SCHEDULE_MS: '86400000',
      SYNC_TARGETS: targets([
        {
          name: 'compta',
          kind: 'http-put',
          siteId: 'site-1',
          url: 'https://dav.example.org/exports/',
          auth: { type: 'basic', username: 'vigie', passwordEnv: 'SYNC_COMPTA_PASSWORD' },
        },
        { name: 'local', kind: 'directory', path: '/srv/exports', timeoutMs: 1000, scheduleMs: 0 },
      ]),
      SYNC_COMPTA_PASSWORD: 'p4ss-w0rd',
    });
    expect(config.targets.map(({ options: _o, ...t }) => t)).toEqual([
      { name: 'compta', kind: 'http-put', siteId: 'site-1', timeoutMs: 5000, scheduleMs: 86_400_000 },
      { name: 'local', kind: 'directory', siteId: 'global', timeoutMs: 1000, scheduleMs: 0 },
    ]);
    const compta = config.targets[0].options as HttpPutOptions;
    expect(compta.auth?.type === 'basic' && compta.auth.password.reveal()).toBe('p4ss-w0rd');
    // the parsed configuration can be logged whole without leaking the password
    expect(inspect(config, { depth: 10 })).not.toContain('p4ss-w0rd');
    expect(JSON.stringify(config)).not.toContain('p4ss-w0rd');
  });

  it('lists every problem at once, each under the key of the bad field', () => {
    const problems = problemsOf({
      SYNC_PORT: 'abc',
      SYNC_RETRY_BASE_MS: '5000',
      SYNC_RETRY_MAX_MS: '1000',
      SYNC_TARGETS: targets([
        { name: 'ok', kind: 'directory', path: '/srv/a' },
        { name: 'ok', kind: 'directory', path: '/srv/b' },
        { name: 'bad name', kind: 'ftp' },
        { name: 'drive', kind: 'http-put', url: 'https://x.org/', auth: { type: 'bearer', tokenEnv: 'SYNC_DRIVE_TOKEN' } },
        { name: 'nas', kind: 'directory', path: 'relative' },
        'not-an-object',
      ]),
    });
    expect(problems).toEqual([
      expect.stringMatching(/^SYNC_PORT: /),
      'SYNC_RETRY_MAX_MS: must be at least SYNC_RETRY_BASE_MS (5000)',
      'SYNC_TARGETS[1].name: "ok" is already the name of another target',
      'SYNC_TARGETS[2].name: must match [A-Za-z0-9_-]{1,128} (it becomes a subject token)',
      'SYNC_TARGETS[3].auth.tokenEnv: environment variable SYNC_DRIVE_TOKEN is not set',
      'SYNC_TARGETS[4].path: must be an absolute path',
      'SYNC_TARGETS[5]: must be an object',
    ]);
  });

  it('names the known kinds when a kind is unknown, and refuses a non-array or broken JSON', () => {
    expect(problemsOf({ SYNC_TARGETS: targets([{ name: 'x', kind: 'ftp' }]) })).toEqual(['SYNC_TARGETS[0].kind: must be one of http-put, directory']);
    expect(problemsOf({ SYNC_TARGETS: '{"name":"x"}' })).toEqual(['SYNC_TARGETS: must be a JSON array of targets']);
    expect(problemsOf({ SYNC_TARGETS: '[{' })[0]).toMatch(/^SYNC_TARGETS: is not valid JSON/);
  });
});
